package dev.quarry.agents.tool;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.internal.Checks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of one or more objects: every public method annotated {@link Tool} becomes a {@link ToolSpec}
 * for the chat model, every {@link ExecutableTool} brings its own, and {@link #execute(ToolCall)} runs the
 * model's calls.
 *
 * <pre>{@code
 * ToolBox tools = ToolBox.of(new WeatherTools(), new CalendarTools());
 * ChatRequest request = ... tools.specs() ...;
 * ToolOutcome outcome = tools.execute(toolCall); // never throws for a bad call
 * messages.add(outcome.toMessage());
 * }</pre>
 *
 * <p>Everything that can be checked without the model is checked here, at build time: names, duplicate
 * names, descriptions, supported parameter types. At run time every failure (unknown tool, invalid JSON,
 * missing, unknown or mistyped arguments, an exception from the tool) becomes an error {@link ToolOutcome}
 * whose text the model can read and act on.
 *
 * <p>Immutable and thread-safe; each call runs on the thread that calls {@link #execute(ToolCall)}, and an
 * agent runs several at once, so the targets' tool methods must be thread-safe themselves.
 */
public final class ToolBox {
  private static final Logger LOG = LoggerFactory.getLogger(ToolBox.class);

  private final ObjectMapper mapper;
  private final Map<String, Entry> tools;
  private final List<ToolSpec> specs;

  private ToolBox(ObjectMapper mapper, Map<String, Entry> tools) {
    this.mapper = mapper;
    this.tools = tools;
    this.specs = tools.values().stream().map(Entry::spec).toList();
  }

  /**
   * Collects the tools of {@code targets}, in target order then method-name order: an
   * {@link ExecutableTool} is one tool (its spec is read now, once, and its methods are not scanned); any
   * other object contributes its {@link Tool} methods.
   *
   * @throws IllegalArgumentException when there is no target, a target has no tool, two tools share a
   *     name, a tool's name, description or parameter types are unsupported, or an executable tool's
   *     schema is not a JSON object
   */
  public static ToolBox of(Object... targets) {
    Checks.requireNonNull(targets, "targets");
    if (targets.length == 0) {
      throw new IllegalArgumentException("ToolBox needs at least one object with @Tool methods");
    }
    ObjectMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    JsonSchemas schemas = new JsonSchemas(mapper);
    Map<String, Entry> tools = new LinkedHashMap<>();
    for (Object target : targets) {
      if (target == null) {
        throw new IllegalArgumentException("ToolBox targets must not be null");
      }
      if (target instanceof ExecutableTool executable) {
        Entry tool = programmatic(executable, mapper);
        if (tools.putIfAbsent(tool.spec().name(), tool) != null) {
          throw new IllegalArgumentException("two tools are named '" + tool.spec().name()
              + "'; rename one of them (" + executable.getClass().getName() + ")");
        }
        continue;
      }
      List<Method> methods = Arrays.stream(target.getClass().getMethods())
          .filter(method -> method.isAnnotationPresent(Tool.class))
          .sorted(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString))
          .toList();
      if (methods.isEmpty()) {
        throw new IllegalArgumentException(
            target.getClass().getName() + " has no public method annotated @Tool");
      }
      for (Method method : methods) {
        ToolMethod bound = ToolMethod.of(target, method, mapper, schemas);
        Entry tool = new Entry(bound.spec(), method.getAnnotation(Tool.class).sideEffects(),
            json -> bound.call(json, mapper));
        Entry previous = tools.putIfAbsent(tool.spec().name(), tool);
        if (previous != null) {
          throw new IllegalArgumentException("two tools are named '" + tool.spec().name()
              + "'; set @Tool(name = ...) on one of them (" + method + ")");
        }
      }
    }
    return new ToolBox(mapper, Collections.unmodifiableMap(tools));
  }

  /**
   * Whether the tool named {@code name} changes something outside the agent ({@link Tool#sideEffects()}, {@link
   * ExecutableTool#sideEffects()}); {@code false} for a name the box does not hold.
   */
  public boolean hasSideEffects(String name) {
    Entry tool = name == null ? null : tools.get(name);
    return tool != null && tool.sideEffects();
  }

  /** The tools' specs, to send with each chat request; immutable. */
  public List<ToolSpec> specs() {
    return specs;
  }

  /**
   * Validates the call's arguments, runs the tool and serialises its result: a String as-is, {@code ok}
   * for void, anything else as JSON. Never throws for a bad call: failures are error outcomes.
   */
  public ToolOutcome execute(ToolCall call) {
    Checks.requireNonNull(call, "call");
    long start = System.nanoTime();
    Entry tool = tools.get(call.name());
    if (tool == null) {
      return outcome(call, "unknown tool '" + call.name() + "'; available tools: "
          + specs.stream().map(ToolSpec::name).toList(), true, start);
    }
    try {
      return outcome(call, tool.call().apply(call.argumentsJson()), false, start);
    } catch (ToolArgumentException e) {
      return outcome(call, "invalid arguments for tool '" + call.name() + "': " + e.getMessage(), true,
          start);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      LOG.debug("tool '{}' failed", call.name(), cause);
      String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
      return outcome(call, "tool '" + call.name() + "' failed: " + cause.getClass().getSimpleName()
          + message, true, start);
    } catch (RuntimeException e) {
      LOG.warn("tool '{}' could not be run", call.name(), e);
      return outcome(call, "tool '" + call.name() + "' could not be run: " + e.getMessage(), true, start);
    }
  }

  /** Validates arguments against the tool's own schema, then runs it; its exceptions are the tool's. */
  private static Entry programmatic(ExecutableTool tool, ObjectMapper mapper) {
    ToolSpec spec = tool.spec();
    if (spec == null) {
      throw new IllegalArgumentException(tool.getClass().getName() + ".spec() returned null");
    }
    JsonNode schema;
    try {
      schema = mapper.readTree(spec.parametersJsonSchema());
    } catch (JacksonException e) {
      throw new IllegalArgumentException("tool '" + spec.name() + "': the parameters schema is not valid"
          + " JSON: " + e.getOriginalMessage());
    }
    if (!schema.isObject()) {
      throw new IllegalArgumentException(
          "tool '" + spec.name() + "': the parameters schema must be a JSON object, was " + schema);
    }
    return new Entry(spec, tool.sideEffects(), json -> {
      JsonNode arguments;
      try {
        arguments = mapper.readTree(json);
      } catch (JacksonException e) {
        throw new ToolArgumentException("the arguments are not valid JSON: " + e.getOriginalMessage());
      }
      ArgumentValidator.validate(arguments, schema, "");
      try {
        return Objects.requireNonNull(tool.execute(json), "the tool returned null");
      } catch (Exception e) {
        throw new InvocationTargetException(e);
      }
    });
  }

  private static ToolOutcome outcome(ToolCall call, String content, boolean error, long start) {
    return new ToolOutcome(
        call.id(), call.name(), content, error, Duration.ofNanos(System.nanoTime() - start));
  }

  /** How one tool runs, whichever way it was declared. */
  @FunctionalInterface
  private interface Invocation {
    String apply(String argumentsJson) throws ToolArgumentException, InvocationTargetException;
  }

  /** A tool's spec, whether it has side effects, and its invocation. */
  private record Entry(ToolSpec spec, boolean sideEffects, Invocation call) {}
}
