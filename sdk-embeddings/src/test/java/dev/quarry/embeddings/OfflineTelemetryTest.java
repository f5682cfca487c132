package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.quarry.api.NonRetriableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's telemetry stays off for a library user who sets nothing. Each test runs the embedder in a child
 * JVM with a clean environment (no {@code ORT_DISABLE_TELEMETRY}, no CI variables: the Maven build sets the former
 * for its own test JVMs) and {@code HOME}, {@code TMPDIR} and {@code java.io.tmpdir} in fresh empty folders.
 */
class OfflineTelemetryTest {
  /** Exit status of {@link Child} when building the model failed with Quarry's error. */
  private static final int REFUSED = 3;

  @TempDir Path root;

  @Test
  void embeddingWritesNothingUnderHomeOrTmp() throws Exception {
    Run run = run("embed", Map.of());
    if (Runtime.version().feature() < 22) {
      assertThat(run.exit).as(run.output()).isEqualTo(REFUSED);
      assertThat(run.stdout).contains("Java 22", "ORT_DISABLE_TELEMETRY=1");
      return;
    }
    assertThat(run.exit).as(run.output()).isZero();
    assertThat(run.stdout).contains("dimension 384");
    assertThat(run.stderr).as("setenv went through java.lang.foreign").contains("set [ORT_DISABLE_TELEMETRY");
    assertThat(run.stderr).doesNotContain("WARNING: A restricted method");
    assertThat(files(run.home)).as("written under HOME").isEmpty();
    // ONNX Runtime's Java loader (1.29) leaves an empty onnxruntime-java<random> folder in java.io.tmpdir: it asks
    // for the folder to be deleted on exit before the libraries in it, so the folder is still full when its turn
    // comes. That is no telemetry, and avoiding it would mean deleting libraries it may still extract CUDA into.
    assertThat(files(run.tmp))
        .as("written under TMPDIR")
        .allSatisfy(path -> assertThat(path.getFileName().toString()).startsWith("onnxruntime-java"))
        .noneMatch(path -> path.getFileName().toString().equals(".ses"))
        .noneMatch(path -> path.getFileName().toString().startsWith("mat-debug"));
  }

  @Test
  void anEnvironmentCreatedBeforeQuarryFailsWithTheFix() throws Exception {
    // CI=true keeps ONNX Runtime itself quiet in this child, while Quarry looks only at ORT_DISABLE_TELEMETRY.
    Run run = run("late", Map.of("CI", "true"));

    assertThat(run.exit).as(run.output()).isEqualTo(REFUSED);
    assertThat(run.stdout)
        .contains("an OrtEnvironment already exists", "ORT_DISABLE_TELEMETRY=1", "-Dquarry.onnx.allowTelemetry=true");
  }

  @Test
  void allowTelemetryLetsAnEarlierEnvironmentThrough() throws Exception {
    Run run = run("late", Map.of("CI", "true"), "-Dquarry.onnx.allowTelemetry=true");

    assertThat(run.exit).as(run.output()).isZero();
    assertThat(run.stdout).contains("dimension 384");
    assertThat(run.stderr).contains("telemetry left on");
  }

  private Run run(String mode, Map<String, String> extraEnv, String... jvmOptions)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(root.resolve("home"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    // Two native-library caches that are not ONNX Runtime's and not telemetry are sent elsewhere, so that this
    // test checks ONNX Runtime alone: DJL unpacks its tokenizer library into ~/.djl.ai, and JNA (which DJL loads to
    // look for CUDA) leaves an empty ~/.cache/JNA/temp after unpacking its own.
    Path djlCache = Files.createDirectories(root.resolve("djl-cache"));
    Path jnaTmp = Files.createDirectories(root.resolve("jna-tmp"));
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Duser.home=" + home);
    command.add("-Djna.tmpdir=" + jnaTmp);
    command.add("-Dorg.slf4j.simpleLogger.log.dev.quarry.embeddings.Offline=debug");
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(classPath());
    command.add(Child.class.getName());
    command.add(mode);
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    env.clear(); // no ORT_*, XDG_CACHE_HOME, CI, GITHUB_ACTIONS, TF_BUILD, JENKINS_URL, JAVA_TOOL_OPTIONS...
    if (path != null) {
      env.put("PATH", path);
    }
    env.put("HOME", home.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("DJL_CACHE_DIR", djlCache.toString());
    env.putAll(extraEnv);
    Path stdout = root.resolve(mode + ".out");
    Path stderr = root.resolve(mode + ".err");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM did not finish; stderr: " + Files.readString(stderr));
    }
    return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr), home, tmp);
  }

  /** The test class path; under Surefire {@code java.class.path} may be a manifest-only booter jar. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(path -> !path.equals(folder)).toList();
    }
  }

  private record Run(int exit, String stdout, String stderr, Path home, Path tmp) {
    String output() {
      return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Runs in the child JVM: {@code embed} builds the default model; {@code late} creates ONNX Runtime's first. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      if (args[0].equals("late")) {
        OrtEnvironment.getEnvironment();
      }
      try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().build()) {
        System.out.println("dimension " + model.embedQuery("Is anything written to the home folder?").length);
      } catch (NonRetriableException e) {
        System.out.println(e.getMessage());
        System.exit(REFUSED);
      }
    }
  }
}
