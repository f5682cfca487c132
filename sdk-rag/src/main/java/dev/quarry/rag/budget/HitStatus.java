package dev.quarry.rag.budget;

/**
 * What a {@link ContextBudget} did with one retrieved hit. The first three put the hit's text into the context;
 * the others leave it out, each for its own reason.
 */
public enum HitStatus {
  /** In the context whole, as a passage of its own. */
  KEPT(true),
  /** In the context whole, inside a passage merged from overlapping or adjacent chunks of its document. */
  MERGED(true),
  /** In the context in part: its passage was cut at a sentence boundary to fit the budget. */
  TRUNCATED(true),
  /** Left out: the same chunk, or the same text, came with a better score. */
  DUPLICATE(false),
  /** Left out by diversity selection (MMR): too similar to a passage chosen before it. */
  REDUNDANT(false),
  /** Left out: its passage did not fit in the tokens that were left. */
  OVER_BUDGET(false),
  /** Left out: the chunk has no text but whitespace. */
  EMPTY(false);

  private final boolean inContext;

  HitStatus(boolean inContext) {
    this.inContext = inContext;
  }

  /** Whether some of the hit's text is in the packed context. */
  public boolean inContext() {
    return inContext;
  }
}
