package dev.quarry.resilience;

import java.time.Duration;

/**
 * The circuit breaker part of a {@link ResiliencePolicy}, checked by its builder.
 *
 * <p>Immutable and thread-safe.
 *
 * @param failureRateThreshold the percentage of failed attempts that opens the breaker
 * @param slidingWindowSize how many of the latest attempts it looks at
 * @param minimumCalls how many attempts it must have seen before it may open
 * @param openDuration how long it stays open
 * @param halfOpenCalls how many trial calls it lets through when half-open
 */
record BreakerSettings(
    float failureRateThreshold, int slidingWindowSize, int minimumCalls, Duration openDuration, int halfOpenCalls) {

  @Override
  public String toString() {
    return "opens at " + failureRateThreshold + "% of the last " + slidingWindowSize + " attempts (" + minimumCalls
        + " at least) for " + Durations.format(openDuration) + ", then tries " + halfOpenCalls + " call(s)";
  }
}
