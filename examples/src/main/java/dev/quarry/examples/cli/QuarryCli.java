package dev.quarry.examples.cli;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.QuarryException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quarry} command line: ingest a folder, search it, ask it questions, measure retrieval. */
@Command(
    name = "quarry",
    mixinStandardHelpOptions = true,
    version = "quarry 0.1.0-SNAPSHOT",
    description = "Retrieval-augmented generation in-process and offline.",
    subcommands = {IngestCommand.class, SearchCommand.class, AskCommand.class, EvalCommand.class,
        AssistantCommand.class, CommandLine.HelpCommand.class})
public final class QuarryCli {
  /**
   * Lucene's java.util.logging logger for its vector kernels, held so that its level stays set: a normal run does
   * not print Lucene's notice that the vector API is enabled (its warning when it is not still shows).
   */
  private static final Logger LUCENE_VECTORIZATION = Logger.getLogger("org.apache.lucene.internal.vectorization");

  private QuarryCli() {}

  /** A command line wired for tests and embedding: output goes where {@code setOut}/{@code setErr} say. */
  public static CommandLine commandLine() {
    return commandLine(Environment.SYSTEM);
  }

  /** A command line that reads its environment variables from {@code environment}. */
  static CommandLine commandLine(Environment environment) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == IngestCommand.class) {
          return type.cast(new IngestCommand(environment));
        }
        if (type == SearchCommand.class) {
          return type.cast(new SearchCommand(environment));
        }
        if (type == AskCommand.class) {
          return type.cast(new AskCommand(environment));
        }
        if (type == AssistantCommand.class) {
          return type.cast(new AssistantCommand(environment));
        }
        return CommandLine.defaultFactory().create(type);
      }
    };
    return new CommandLine(new QuarryCli(), factory)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(QuarryCli::reportUsageError)
        .setExecutionExceptionHandler(QuarryCli::reportFailure);
  }

  /** A command line that cannot be parsed: one line naming the problem, one pointing to the command's help. */
  private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName(" ");
    cmd.getErr().println(name + ": " + e.getMessage());
    cmd.getErr().println("Try '" + name + " --help' for more information.");
    return 2;
  }

  /** Bad input and Quarry's own errors print their message, not a stack trace; anything else is a bug. */
  private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof FolderLockedException) {
      cmd.getErr().println("quarry " + cmd.getCommandName() + ": " + e.getMessage() + "; wait until the other"
          + " command finishes, or use another --store");
      return 2;
    }
    if (e instanceof IllegalArgumentException || e instanceof QuarryException) {
      cmd.getErr().println("quarry " + cmd.getCommandName() + ": " + e.getMessage());
      return 2;
    }
    throw e;
  }

  public static void main(String[] args) {
    LUCENE_VECTORIZATION.setLevel(Level.WARNING);
    System.exit(commandLine().execute(args));
  }
}
