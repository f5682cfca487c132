package dev.quarry.rag.pipeline;

import dev.quarry.api.retrieval.Query;
import java.util.Optional;

/**
 * Answers kept for questions asked again, so a repeated (or, for a semantic cache, a similar) question is answered
 * without retrieval or a model call. {@link Rag} looks each plain question up before answering and stores what it
 * answered; questions asked with a chat memory are not cached, since their answers depend on the conversation, nor
 * are blocked answers or answers a fallback made.
 *
 * <p>A cache must be emptied when the documents change, or it answers from what the store used to hold: {@code
 * Quarry} clears its cache on every write to its store; with a {@code Rag} of your own, call {@link #clear()} after
 * writing (or wrap the store so that writes clear it). Implementations must be thread-safe.
 */
public interface AnswerCache {

  /** The answer stored for {@code query} (its text, count and filter), or for one similar enough; empty if none. */
  Optional<Answer> find(Query query);

  /** Keeps {@code answer} for {@code query}. */
  void store(Query query, Answer answer);

  /** Forgets every answer. */
  void clear();
}
