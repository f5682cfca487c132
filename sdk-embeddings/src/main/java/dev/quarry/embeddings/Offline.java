package dev.quarry.embeddings;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.quarry.api.NonRetriableException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the native libraries off the network and out of the user's home folder. Runs before Quarry touches DJL or
 * creates an ONNX Runtime environment.
 *
 * <p>DJL reads {@code ai.djl.offline} when it first loads; this sets it to {@code true} unless it is set.
 *
 * <p>ONNX Runtime 1.29 on Linux and macOS ({@code core/platform/posix/telemetry.cc}, Microsoft's 1DS SDK) starts
 * telemetry when the first {@link OrtEnvironment} is created, not when the library loads: it writes {@code
 * ~/.cache/Microsoft/DeveloperTools/.onnxruntime/} (or under {@code $XDG_CACHE_HOME}), {@code $TMPDIR/.ses} and
 * {@code $TMPDIR/mat-debug-<pid>.log}, and looks up {@code mobile.events.data.microsoft.com} every few seconds.
 * {@code OrtEnvironment.setTelemetry(false)}, {@code user.home} and session options do not stop it. Only the
 * process environment does: {@code ORT_DISABLE_TELEMETRY=1} (or {@code true}, {@code yes}; ONNX Runtime also stays
 * quiet under CI variables such as {@code CI=true}), read with libc {@code getenv} when the environment is created.
 * {@link System#getenv} is a read-only copy, so unless the variable is already set this class calls libc {@code
 * setenv} for {@code ORT_DISABLE_TELEMETRY} (and {@code ORT_TELEMETRY_DISABLED}, which newer releases read) through
 * {@code java.lang.foreign}, reached by reflection so that the module still compiles for Java 21. That needs Java 22
 * or newer, and the JVM prints a warning about the restricted call unless it runs with {@code
 * --enable-native-access=ALL-UNNAMED} (or the module's name when Quarry is on the module path).
 *
 * <p>When the switch cannot be set (Java 21, {@code setenv} failing, or an {@code OrtEnvironment} created by other
 * code before Quarry's first model, too late for the switch) this fails with a {@link NonRetriableException} that
 * names the fixes. An application that accepts ONNX Runtime's telemetry says so with the system property {@value
 * #ALLOW_TELEMETRY}{@code =true}; Quarry then leaves the environment alone. On Windows ONNX Runtime sends ETW
 * events instead, which {@code setTelemetry(false)} switches off.
 */
final class Offline {
  /** System property: {@code true} leaves ONNX Runtime's telemetry alone (Quarry neither sets nor checks it). */
  static final String ALLOW_TELEMETRY = "quarry.onnx.allowTelemetry";

  private static final Logger LOG = LoggerFactory.getLogger(Offline.class);
  private static final String SWITCH = "ORT_DISABLE_TELEMETRY";
  private static final List<String> SWITCHES = List.of(SWITCH, "ORT_TELEMETRY_DISABLED");
  private static boolean done;

  private Offline() {}

  static synchronized void ensure() {
    if (done) {
      return;
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      disableEtwEvents();
    } else if (List.of("1", "true", "yes").contains(String.valueOf(System.getenv(SWITCH)))) {
      LOG.debug("ONNX Runtime telemetry is off: {} is set in the environment", SWITCH);
    } else if (Boolean.getBoolean(ALLOW_TELEMETRY)) {
      LOG.debug("ONNX Runtime telemetry left on: {}=true", ALLOW_TELEMETRY);
    } else if (environmentExists()) {
      throw cannotStop(
          "an OrtEnvironment already exists in this JVM, and ONNX Runtime reads the switch only when it creates"
              + " the first one",
          null);
    } else if (Runtime.version().feature() < 22) {
      throw cannotStop("setting it from inside the JVM needs java.lang.foreign, Java 22 or newer", null);
    } else {
      try {
        for (String name : SWITCHES) {
          setenv(name, "1");
        }
      } catch (Throwable e) {
        Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        if (cause instanceof VirtualMachineError error) {
          throw error;
        }
        throw cannotStop("calling libc setenv through java.lang.foreign failed (" + cause + ")", cause);
      }
      LOG.debug("ONNX Runtime telemetry is off: set {}=1 in the process environment with libc setenv", SWITCHES);
    }
    done = true;
  }

  private static NonRetriableException cannotStop(String reason, Throwable cause) {
    return new NonRetriableException(
        "ONNX Runtime would write telemetry files under ~/.cache and $TMPDIR and look up its telemetry host unless "
            + SWITCH + "=1 is in the process environment, and Quarry cannot set it: " + reason + ". Fix: set "
            + SWITCH + "=1 in the environment that starts the JVM; or run on Java 22+ (with"
            + " --enable-native-access=ALL-UNNAMED) and create Quarry's models before other code uses ONNX Runtime;"
            + " or accept the telemetry with -D" + ALLOW_TELEMETRY + "=true",
        cause);
  }

  /** Whether some code has already created ONNX Runtime's environment; false when that cannot be told. */
  private static boolean environmentExists() {
    try {
      Field instance = OrtEnvironment.class.getDeclaredField("INSTANCE");
      instance.setAccessible(true);
      return instance.get(null) != null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("cannot tell whether an OrtEnvironment exists ({}); assuming none", e.toString());
      return false;
    }
  }

  private static void disableEtwEvents() {
    try {
      OrtEnvironment.getEnvironment().setTelemetry(false);
      LOG.debug("ONNX Runtime telemetry events switched off with setTelemetry(false)");
    } catch (OrtException | UnsupportedOperationException e) {
      LOG.debug("could not switch ONNX Runtime telemetry events off: {}", e.toString());
    }
  }

  /** libc {@code setenv(name, value, 1)} through {@code java.lang.foreign} (Java 22+), without compiling against it. */
  private static void setenv(String name, String value) throws Throwable {
    Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
    Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> valueLayouts = Class.forName("java.lang.foreign.ValueLayout");
    Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
    Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
    Object linker = linkerType.getMethod("nativeLinker").invoke(null);
    Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
    Optional<?> symbol =
        (Optional<?>)
            Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class).invoke(lookup, "setenv");
    if (symbol.isEmpty()) {
      throw new UnsupportedOperationException("the C library has no setenv");
    }
    Object address = valueLayouts.getField("ADDRESS").get(null);
    Object javaInt = valueLayouts.getField("JAVA_INT").get(null);
    Object arguments = Array.newInstance(layoutType, 3);
    Array.set(arguments, 0, address);
    Array.set(arguments, 1, address);
    Array.set(arguments, 2, javaInt);
    Object descriptor =
        descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, javaInt, arguments);
    MethodHandle function =
        (MethodHandle)
            linkerType
                .getMethod("downcallHandle", Class.forName("java.lang.foreign.MemorySegment"), descriptorType,
                    optionType.arrayType())
                .invoke(linker, symbol.get(), descriptor, Array.newInstance(optionType, 0));
    // setenv copies both strings, so they can be freed when the arena closes.
    try (AutoCloseable arena = (AutoCloseable) arenaType.getMethod("ofConfined").invoke(null)) {
      Object cName = arenaType.getMethod("allocateFrom", String.class).invoke(arena, name);
      Object cValue = arenaType.getMethod("allocateFrom", String.class).invoke(arena, value);
      int rc = (int) function.invokeWithArguments(cName, cValue, 1);
      if (rc != 0) {
        throw new IllegalStateException("setenv(" + name + ") returned " + rc);
      }
    }
  }
}
