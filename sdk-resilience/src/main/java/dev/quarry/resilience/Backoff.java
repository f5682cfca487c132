package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Optional;

/**
 * The wait before each retry, in milliseconds, as resilience4j's retry asks for it: its exponential back-off with
 * jitter, lengthened to the failure's retry-after when the provider said how long to wait, or {@link #GIVE_UP}
 * (negative, which makes the retry give up) when the provider asks for more than the policy's longest wait.
 *
 * <p>Immutable and thread-safe. The jitter is resilience4j's, drawn from {@link Math#random()}.
 */
final class Backoff implements IntervalBiFunction<Object> {
  /** What {@link #apply} returns to stop retrying. */
  static final long GIVE_UP = -1;

  private final IntervalFunction exponential;
  private final Duration maxBackoff;

  Backoff(ResiliencePolicy policy) {
    this.exponential = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff().toMillis(),
        policy.backoffMultiplier(), policy.jitter(), policy.maxBackoff().toMillis());
    this.maxBackoff = policy.maxBackoff();
  }

  /**
   * The wait after failed attempt number {@code attempt} (from 1).
   *
   * @param outcome the attempt's failure (left); a result (right) is never retried by Quarry's policies
   */
  @Override
  public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
    long wait = exponential.apply(attempt);
    Optional<Duration> retryAfter = outcome.isLeft() && outcome.getLeft() instanceof RetriableException e
        ? e.retryAfter() : Optional.empty();
    if (retryAfter.isEmpty()) {
      return wait;
    }
    if (retryAfter.get().compareTo(maxBackoff) > 0) {
      return GIVE_UP;
    }
    return Math.max(wait, Durations.ceilMillis(retryAfter.get()));
  }
}
