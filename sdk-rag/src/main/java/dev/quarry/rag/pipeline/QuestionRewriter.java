package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a follow-up question ("and how long does it take?") into one that stands alone ("how long does brewing
 * espresso take?") with a chat model, so that retrieval searches for what the user means. The conversation is
 * given to the model one line per message, under instructions that say it is data to rewrite.
 *
 * <p>Immutable; thread-safe if the chat model is.
 */
final class QuestionRewriter {
  /** The rewrite is one question: a reply longer than this many chars is not one, and is not used. */
  static final int MAX_CHARS = 1_000;
  private static final int MAX_OUTPUT_TOKENS = 200;
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*(?:\\R\\s*)+");
  private static final Pattern LABEL =
      Pattern.compile("^(?i)(?:standalone |rewritten )?question\\s*:\\s*");

  private final ChatModel model;
  private final PromptTemplate prompt;

  QuestionRewriter(ChatModel model, PromptTemplate prompt) {
    this.model = model;
    this.prompt = prompt;
  }

  /** The question rewritten, or empty when the model's reply is not a usable question; with the call's usage. */
  Rewrite rewrite(List<Message> history, String question) {
    RenderedPrompt rendered = prompt.render(Map.of(Rag.HISTORY, transcript(history), Rag.QUESTION, question));
    ChatResponse response =
        model.chat(ChatRequest.builder(rendered.messages()).maxOutputTokens(MAX_OUTPUT_TOKENS).build());
    if (response == null) {
      throw new IllegalStateException("the chat model returned null for prompt " + prompt.id());
    }
    Optional<String> rewritten = response.finishReason() == FinishReason.LENGTH
        ? Optional.empty() // cut off at the output limit: not a whole question
        : question(response.message().text());
    return new Rewrite(rewritten, prompt.id(), response.usage());
  }

  /**
   * The question in the reply: its first non-blank line that does not end in a colon (a preamble such as "Here is
   * the question:"), without a "Question:" label or wrapping quotes; empty if there is none or it is too long.
   */
  static Optional<String> question(String reply) {
    String line = reply.strip().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.endsWith(":"))
        .findFirst().orElse("");
    line = LABEL.matcher(line).replaceFirst("").strip();
    if (line.length() >= 2 && (line.startsWith("\"") && line.endsWith("\"")
        || line.startsWith("“") && line.endsWith("”"))) {
      line = line.substring(1, line.length() - 1).strip();
    }
    return line.isEmpty() || line.length() > MAX_CHARS ? Optional.empty() : Optional.of(line);
  }

  /** The conversation as the prompt shows it: one {@code User:} or {@code Assistant:} line per message. */
  static String transcript(List<Message> history) {
    StringBuilder text = new StringBuilder();
    for (Message message : history) {
      String line = switch (message) {
        case UserMessage u -> "User: " + u.text();
        case AssistantMessage a when !a.text().isBlank() -> "Assistant: " + a.text();
        default -> "";
      };
      if (!line.isEmpty()) {
        text.append(LINE_BREAKS.matcher(line).replaceAll(" ").strip()).append('\n'); // one line per message
      }
    }
    return text.toString().stripTrailing();
  }

  /** What a rewrite gave: the standalone question, if the reply was one, the prompt's id and the call's usage. */
  record Rewrite(Optional<String> question, String promptId, TokenUsage usage) {}
}
