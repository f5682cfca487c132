package dev.quarry.rag.pipeline;

/** How an {@link Answer}'s text was made. */
public enum AnswerKind {
  /** Written by the chat model from the retrieved passages. */
  GENERATED,
  /**
   * Copied: the retrieved sentences that best match the question, each group followed by its passage number.
   * Given when no chat model is configured; it adds nothing the passages do not say.
   */
  EXTRACTIVE,
  /**
   * Nothing retrieved was relevant enough to quote (an {@linkplain AnswerMode#extractive extractive} answer below
   * its {@code minScore}, or no passage at all): the text is {@link Rag#NOTHING_FOUND} and nothing is cited.
   */
  NOT_FOUND,
  /**
   * A guard blocked the question or the answer ({@link Rag.Builder#questionGuard}, {@link Rag.Builder#answerGuard}):
   * the text is {@link Rag#BLOCKED}, nothing is cited, and {@link Answer#guards()} says which guard and why.
   */
  BLOCKED
}
