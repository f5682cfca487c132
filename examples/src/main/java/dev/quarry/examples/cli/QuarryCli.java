package dev.quarry.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quarry} command line: ingest a folder, search it. */
@Command(
    name = "quarry",
    mixinStandardHelpOptions = true,
    version = "quarry 0.1.0-SNAPSHOT",
    description = "Retrieval-augmented generation in-process and offline.",
    subcommands = {IngestCommand.class, SearchCommand.class})
public final class QuarryCli {
  private QuarryCli() {}

  /** A command line wired for tests and embedding: output goes where {@code setOut}/{@code setErr} say. */
  public static CommandLine commandLine() {
    return new CommandLine(new QuarryCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
