package dev.quarry.examples.cli;

import dev.quarry.api.document.Chunk;
import dev.quarry.rag.budget.BudgetReport;
import dev.quarry.rag.budget.Passage;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerKind;
import dev.quarry.rag.pipeline.Citation;
import dev.quarry.rag.pipeline.Timings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints an {@link Answer} for a person: the text, what kind of answer it is when a model did not write it, the
 * cited sources with their character ranges, then one line of counts, token usage and timings. Stateless.
 */
final class AnswerPrinter {
  private AnswerPrinter() {}

  /**
   * Prints {@code answer}.
   *
   * @param endpoint the chat server that wrote it, or empty for an extractive answer
   */
  static void print(Answer answer, Optional<OpenAiEndpoint> endpoint, PrintWriter out) {
    if (answer.retrieved().isEmpty()) {
      out.println("Nothing in the store matches the question.");
    } else if (answer.context().isEmpty()) {
      out.println("None of the " + answer.retrieved().size() + " passages retrieved fits in the token budget of "
          + answer.context().report().maxTokens() + "; raise --max-context-tokens.");
    }
    boolean saidAlready = answer.retrieved().isEmpty() && answer.kind() == AnswerKind.NOT_FOUND;
    if (!answer.text().isBlank() && !saidAlready) {
      out.println(answer.text().strip());
    }
    if (answer.kind() == AnswerKind.EXTRACTIVE) {
      out.println();
      out.println("(Extractive answer: the sentences of the passages that best match the question, copied as they"
          + " are; no language model wrote it.");
      out.println(" For a written answer, " + OpenAiEndpoint.HOW_TO + ".)");
    }
    out.println();
    if (answer.citations().isEmpty()) {
      out.println(answer.context().isEmpty() ? "No sources." : "The answer cites no source.");
    } else {
      out.println("Sources:");
      for (Citation citation : answer.citations()) {
        out.println("[" + citation.number() + "] " + describe(citation, answer));
      }
    }
    if (!answer.unknownCitations().isEmpty()) {
      out.println("Cited but not among the passages: " + answer.unknownCitations());
    }
    out.println(summary(answer, endpoint));
  }

  /** Where a cited passage comes from: its source (or document id) and the characters its chunks span. */
  static String describe(Citation citation, Answer answer) {
    Passage passage = answer.context().passages().get(citation.passage() - 1);
    int start = passage.chunks().stream().mapToInt(Chunk::startOffset).min().orElseThrow();
    int end = passage.chunks().stream().mapToInt(Chunk::endOffset).max().orElseThrow();
    return citation.source().orElse(citation.documentId()) + ", chars " + start + "-" + end
        + (passage.truncated() ? " (cut to fit)" : "");
  }

  /** One line: hits retrieved and kept, context tokens, the model's token usage, and where the time went. */
  static String summary(Answer answer, Optional<OpenAiEndpoint> endpoint) {
    BudgetReport report = answer.context().report();
    long kept = report.hits().stream().filter(hit -> hit.status().inContext()).count();
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT, "retrieved %d, kept %d in %d passages (%d context tokens, %d of %d"
            + " budgeted)", answer.retrieved().size(), kept, answer.context().passages().size(),
        report.contextTokens(), report.usedTokens(), report.maxTokens()));
    if (endpoint.isPresent()) {
      line.append(String.format(Locale.ROOT, "; %s: %d tokens in, %d out", endpoint.get().modelName(),
          answer.usage().inputTokens(), answer.usage().outputTokens()));
    }
    Timings t = answer.timings();
    line.append("; retrieve ").append(format(t.retrieve())).append(", pack ").append(format(t.pack()))
        .append(answer.kind() == AnswerKind.GENERATED ? ", generate " : ", extract ").append(format(t.generate()))
        .append(", total ").append(format(t.total()));
    return line.toString();
  }

  static String format(Duration d) {
    return d.compareTo(Duration.ofSeconds(1)) < 0
        ? d.toMillis() + " ms"
        : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
