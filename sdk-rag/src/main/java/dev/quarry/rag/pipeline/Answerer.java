package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.PromptParts;
import java.util.List;
import java.util.Optional;

/**
 * The last step of {@link Rag#ask}: what the prompt holds besides the context, and the answer from the packed
 * context. Implementations are immutable and thread-safe if the models they call are.
 */
interface Answerer {

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
   * @param cited the passage numbers the text cites, in order of first appearance (its {@code [n]} markers are
   *     passage numbers; {@link Rag} renumbers them in the order shown)
   */
  record Draft(
      String text,
      AnswerKind kind,
      List<Integer> cited,
      Optional<String> facts,
      List<String> prompts,
      TokenUsage usage) {}
}
