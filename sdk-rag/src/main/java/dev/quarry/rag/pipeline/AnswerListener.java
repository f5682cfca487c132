package dev.quarry.rag.pipeline;

/**
 * Hears every answer a {@link Rag} makes, for metrics or an audit log. Both methods have empty defaults. Called on
 * the asking thread after the answer is made (or failed), so a listener sees the full {@link Answer} with its
 * timings and token usage; it must be thread-safe when the pipeline is shared. An exception {@link #onAnswer} throws
 * reaches the caller of {@code ask}; one {@link #onFailure} throws is added to the failure as suppressed.
 */
public interface AnswerListener {
  /** No-op listener. */
  AnswerListener NONE = new AnswerListener() {};

  /** {@code answer} was made. */
  default void onAnswer(Answer answer) {}

  /** Answering {@code question} failed with {@code failure}, which the caller gets next. */
  default void onFailure(String question, RuntimeException failure) {}
}
