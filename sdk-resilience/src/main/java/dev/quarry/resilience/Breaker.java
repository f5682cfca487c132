package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One model's circuit breaker: resilience4j's count-based {@link CircuitBreaker}, reading the policy's clock, that
 * records {@link RetriableException}s (timeouts included) as failures, successes as successes, and ignores every
 * other failure. A refused call becomes a {@link CircuitOpenException} saying when the breaker will try again.
 *
 * <p>Slow calls are not counted as failures: the timeout already turns a call that is too slow into one.
 *
 * <p>Thread-safe: resilience4j's breaker is, and the time it reopens is kept in an atomic reference.
 */
final class Breaker {
  /** Longer than any timeout, so that resilience4j's slow-call rule never fires. */
  private static final Duration NEVER_SLOW = Duration.ofDays(365);

  private final String policy;
  private final CircuitBreaker breaker;
  private final InstantSource clock;
  private final Duration openDuration;
  private final AtomicReference<Instant> openUntil = new AtomicReference<>(Instant.MIN);

  Breaker(String policy, BreakerSettings settings, InstantSource clock) {
    this.policy = policy;
    this.clock = clock;
    this.openDuration = settings.openDuration();
    Clock zoned = clock instanceof Clock c ? c : clock.withZone(ZoneOffset.UTC);
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindow(settings.slidingWindowSize(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(settings.failureRateThreshold())
        .waitDurationInOpenState(settings.openDuration())
        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
        .recordException(e -> e instanceof RetriableException)
        .ignoreException(e -> !(e instanceof RetriableException))
        .slowCallDurationThreshold(NEVER_SLOW)
        .clock(zoned)
        .build();
    this.breaker = CircuitBreaker.of(policy, config);
    breaker.getEventPublisher().onStateTransition(event -> {
      if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
        openUntil.set(clock.instant().plus(openDuration));
      }
    });
  }

  /**
   * The result of {@code call}, if the breaker lets it through; its outcome is recorded.
   *
   * @throws CircuitOpenException if the breaker refuses the call
   */
  <T> T call(Operation operation, Supplier<T> call) {
    if (!breaker.tryAcquirePermission()) {
      throw refused(operation);
    }
    long start = breaker.getCurrentTimestamp();
    try {
      T result = call.get();
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      return result;
    } catch (Throwable t) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), t);
      throw t;
    }
  }

  /** The breaker's state, for tests. */
  CircuitBreaker.State state() {
    return breaker.getState();
  }

  private CircuitOpenException refused(Operation operation) {
    String prefix = "circuit breaker of resilience policy '" + policy + "' ";
    if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      return new CircuitOpenException(prefix + "is half-open and busy with its trial calls: "
          + operation.keyValue() + " was not attempted", null);
    }
    Instant now = clock.instant();
    Instant until = openUntil.get();
    if (until.isBefore(now)) { // opened by another thread that has not recorded when yet: at most a full duration
      until = now.plus(openDuration);
    }
    Duration left = Duration.between(now, until);
    return new CircuitOpenException(prefix + "is open after too many failures: " + operation.keyValue()
        + " was not attempted; it lets a trial call through after " + until + " (in " + Durations.format(left)
        + ")", left);
  }
}
