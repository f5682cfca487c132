package dev.quarry.rag.budget;

import dev.quarry.api.store.SearchHit;
import java.util.OptionalInt;

/**
 * The fate of one hit given to {@link ContextBudget#pack}: where its text went, or why it was left out.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hit the hit as it was given
 * @param status what happened to it
 * @param passage for a hit in the context, the number of the passage holding it; for a {@link
 *     HitStatus#DUPLICATE} or {@link HitStatus#REDUNDANT} hit, the passage it repeats when that one is in the
 *     context; otherwise empty
 * @param reason a short explanation for people and logs, e.g. {@code "needs 212 tokens, 40 left"}
 */
public record HitReport(SearchHit hit, HitStatus status, OptionalInt passage, String reason) {
  public HitReport {
    if (hit == null || status == null || passage == null || reason == null) {
      throw new IllegalArgumentException("hit, status, passage and reason must not be null");
    }
    if (status.inContext() && passage.isEmpty()) {
      throw new IllegalArgumentException("a hit with status " + status + " needs the number of its passage");
    }
  }
}
