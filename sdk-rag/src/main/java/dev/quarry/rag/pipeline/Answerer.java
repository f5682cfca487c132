package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.PromptParts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of {@link Rag#ask}: what the prompt holds besides the context, and the answer from the packed
 * context. Implementations are immutable and thread-safe if the models they call are.
 */
interface Answerer {

  /**
   * The answerer of one question whose split prompts are settled for {@code key} (a conversation's id, else the
   * question): {@link #parts} and {@link #answer} then use the same prompt.
   */
  default Answerer chosen(String key) {
    return this;
  }

  /** Whether {@link #answer} uses the conversation's history, so that the budget must leave room for it. */
  boolean readsHistory();

  /** The prompt parts the context budget must leave room for. */
  PromptParts parts(String question);

  /**
   * The answer to {@code question} from {@code context}, after the earlier turns of the conversation in {@code
   * history} (user and assistant messages, oldest first; empty without a memory).
   */
  Draft answer(String question, PackedContext context, List<Message> history);

  /**
   * An answer before its citations are resolved.
   *
   * @param shownCitations for a draft that numbered its own markers (an extractive one, whose copied text may
   *     hold bracketed numbers of its own that are not citations): the passage of {@code [1]}, {@code [2]}, ...
   *     in order. Empty for a draft whose text cites passages by their numbers in the context, as a chat model
   *     does: {@link Rag} reads those markers and renumbers them in the order shown.
   * @param metadata what the chat model's replies reported ({@link dev.quarry.api.chat.ChatResponse#metadata()}),
   *     later replies' keys replacing earlier ones; empty without a chat model
   */
  record Draft(
      String text,
      AnswerKind kind,
      Optional<List<Integer>> shownCitations,
      Optional<String> facts,
      List<String> prompts,
      TokenUsage usage,
      Map<String, String> metadata) {}
}
