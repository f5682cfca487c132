package dev.quarry.rag.pipeline;

import dev.quarry.guardrails.GuardResult;
import java.util.OptionalInt;

/**
 * What a guard did to one text of an answer: the question, a retrieved passage or the answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stage which text the guard checked
 * @param hit for a {@link Stage#PASSAGE}, the position of the hit among the retriever's hits, from 1; empty
 *     otherwise
 * @param result what the guard did: a transform (with its findings) or a block (with its reason); guards that
 *     allowed a text unchanged leave no event
 */
public record GuardEvent(Stage stage, OptionalInt hit, GuardResult result) {
  public GuardEvent {
    if (stage == null || hit == null || result == null) {
      throw new IllegalArgumentException("guard event components must not be null");
    }
    if (result instanceof GuardResult.Allow) {
      throw new IllegalArgumentException("an allowed text leaves no guard event");
    }
  }

  /** Which text of an answer a guard checked. */
  public enum Stage {
    /** The question, before anything is retrieved. */
    QUESTION,
    /**
     * The standalone question the chat model rewrote from the conversation, checked by the question guard too; a
     * blocked rewrite is dropped and the question is searched for as asked.
     */
    REWRITE,
    /** A retrieved passage, before it is packed into the prompt. */
    PASSAGE,
    /** The answer's text, after its citations are resolved. */
    ANSWER,
    /** In two-stage mode, the facts the first call listed, checked by the answer guard too; blocked, dropped. */
    FACTS
  }
}
