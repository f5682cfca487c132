package dev.quarry.examples.cli;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Runs the CLI in-process with captured output and, where a test gives one, a map standing in for the environment. */
final class CliRunner {
  private CliRunner() {}

  record Run(int exitCode, String out, String err) {}

  /** Runs with an empty environment: no chat model is configured. */
  static Run run(String... args) {
    return run(Map.of(), args);
  }

  static Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment fake = name -> Optional.ofNullable(environment.get(name));
    // Buffered and flushed on println only, as picocli's writers over System.out and System.err are: output a
    // command prints without a line end (and without flushing) is lost here as it would be on a terminal.
    int code = QuarryCli.commandLine(fake).setOut(new PrintWriter(new BufferedWriter(out), true))
        .setErr(new PrintWriter(new BufferedWriter(err), true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Four short text files on unrelated subjects, so each question has one right file. */
  static Path writeCorpus(Path folder) throws Exception {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("coffee.txt"),
        "Espresso is brewed by forcing hot water under pressure through finely ground coffee beans. A shot takes"
            + " about twenty-five seconds.");
    Files.writeString(folder.resolve("rust.md"),
        "# Rust\n\nThe borrow checker enforces ownership rules at compile time, so memory is freed without a garbage"
            + " collector.");
    Files.writeString(folder.resolve("lighthouse.txt"),
        "The lighthouse on the rocky point flashes its white light every ten seconds to warn ships at night.");
    Files.writeString(folder.resolve("bread.txt"),
        "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria instead of baker's yeast.");
    return folder;
  }
}
