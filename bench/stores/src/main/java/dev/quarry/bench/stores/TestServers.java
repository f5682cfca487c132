package dev.quarry.bench.stores;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real servers the benchmark measures, started and stopped with the scripts CI uses ({@code .ci/start-pgvector},
 * {@code .ci/start-chroma}), on ports of their own so that they never meet a test server.
 */
final class TestServers implements AutoCloseable {
  static final int PGVECTOR_PORT = 55473;
  static final int CHROMA_PORT = 55474;

  private final Path scripts;
  private final List<Runnable> stops = new ArrayList<>();

  TestServers(Path repository) {
    this.scripts = repository.resolve(".ci");
  }

  /** Starts the pgvector server; returns its JDBC URL. */
  String pgvector() throws IOException, InterruptedException {
    Map<String, String> env = Map.of("QUARRY_PGVECTOR_PORT", Integer.toString(PGVECTOR_PORT));
    String url = start("start-pgvector", env, "QUARRY_TEST_PGVECTOR_URL");
    stops.add(() -> run("start-pgvector", env, "stop"));
    return url;
  }

  /** Starts the Chroma server on a fresh data folder; returns its address. */
  String chroma() throws IOException, InterruptedException {
    Map<String, String> env = Map.of("QUARRY_CHROMA_PORT", Integer.toString(CHROMA_PORT));
    String url = start("start-chroma", env, "QUARRY_TEST_CHROMA_URL");
    stops.add(() -> run("start-chroma", env, "stop"));
    return url;
  }

  @Override
  public void close() {
    stops.forEach(Runnable::run);
  }

  private String start(String script, Map<String, String> env, String variable)
      throws IOException, InterruptedException {
    String out = script(script, env, List.of());
    Matcher url = Pattern.compile(variable + "='([^']+)'").matcher(out);
    if (!url.find()) {
      throw new IllegalStateException(".ci/" + script + " printed no " + variable + ": " + out);
    }
    return url.group(1);
  }

  private void run(String script, Map<String, String> env, String argument) {
    try {
      script(script, env, List.of(argument));
    } catch (IOException e) {
      System.err.println("could not stop the server of .ci/" + script + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String script(String script, Map<String, String> env, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(scripts.resolve(script).toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(".ci/" + script + " " + arguments + " failed: " + out);
    }
    return out;
  }
}
