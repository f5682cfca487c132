package dev.quarry.resilience;

import dev.quarry.api.rerank.Reranker;
import java.util.List;

/**
 * A reranker whose calls go through a {@link ResiliencePolicy}. Made by {@link Resilient#reranker}.
 *
 * <p>Thread-safe if the delegate is.
 */
final class ResilientReranker implements Reranker {
  private final Reranker delegate;
  private final Guard guard;

  ResilientReranker(Reranker delegate, ResiliencePolicy policy) {
    this.delegate = delegate;
    this.guard = new Guard(policy);
  }

  @Override
  public float[] score(String query, List<String> passages) {
    Checks.requireNonNull(query, "query");
    Checks.requireNonNull(passages, "passages");
    return guard.call(Operation.RERANK, () -> delegate.score(query, passages)).result();
  }

  @Override
  public String toString() {
    return "ResilientReranker[" + guard + ", " + delegate + "]";
  }
}
