package dev.quarry.examples.cli;

import dev.quarry.agents.AgentResult;
import dev.quarry.agents.AgentStep;
import dev.quarry.agents.FailedModelStep;
import dev.quarry.agents.ModelStep;
import dev.quarry.agents.ToolStep;
import dev.quarry.api.chat.TokenUsage;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints an agent's {@link AgentResult} for a person: the answer (or why there is none), then each step of the
 * trace, the tool calls with their arguments and the start of their results, then one line with the outcome,
 * the token usage and the time. Stateless.
 */
final class AgentResultPrinter {
  /** Characters of a tool result shown; the model saw all of it. */
  static final int RESULT_CHARS = 300;

  private AgentResultPrinter() {}

  /**
   * Prints {@code result}.
   *
   * @param modelName the model that ran, for the summary line
   * @param usage the tokens of every model call, the tools' own included
   */
  static void print(AgentResult result, String modelName, TokenUsage usage, PrintWriter out) {
    out.println(result.answer().map(String::strip).orElse("No answer: " + result.message() + "."));
    out.println();
    out.println("Trace:");
    for (AgentStep step : result.trace().steps()) {
      out.println(describe(step));
    }
    out.println(String.format(Locale.ROOT, "%s after %s and %s in %s; %s: %d tokens in, %d out (the tools' calls"
            + " included)", result.outcome(), count(result.trace().modelSteps().size(), "model call"),
        count(result.trace().toolSteps().size(), "tool call"), AnswerPrinter.format(result.trace().duration()),
        modelName, usage.inputTokens(), usage.outputTokens()));
  }

  /**
   * One step: a model call with its tokens and what it replied (or why it brought no reply), or a tool call
   * with its arguments and result.
   */
  static String describe(AgentStep step) {
    String head = String.format(Locale.ROOT, "%2d. ", step.number());
    return switch (step) {
      case ModelStep model -> head + "model, " + AnswerPrinter.format(model.duration()) + ", "
          + model.usage().inputTokens() + " tokens in, " + model.usage().outputTokens() + " out: "
          + (model.reply().hasToolCalls() ? "calls " + count(model.reply().toolCalls().size(), "tool") : "answers");
      case FailedModelStep failed -> head + "model, " + AnswerPrinter.format(failed.duration()) + ", no reply: "
          + cut(oneLine(failed.failure()));
      case ToolStep tool -> head + tool.call().name() + " " + oneLine(tool.call().argumentsJson()) + ", "
          + AnswerPrinter.format(tool.duration()) + (tool.failed() ? ", FAILED" : "") + System.lineSeparator()
          + "      -> " + cut(oneLine(tool.outcome().content()));
    };
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String cut(String text) {
    return text.length() <= RESULT_CHARS ? text : text.substring(0, RESULT_CHARS) + "... (" + text.length()
        + " chars)";
  }
}
