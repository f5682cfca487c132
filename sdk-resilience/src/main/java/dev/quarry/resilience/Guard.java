package dev.quarry.resilience;

import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes one model's calls through a {@link ResiliencePolicy}: observed, retried, each attempt through the circuit
 * breaker and bounded by the timeout. One guard per wrapped model, since the breaker it holds describes that model.
 *
 * <p>Steps of {@link #call}:
 *
 * <ol>
 *   <li>An observation starts, as a child of the caller's current one, and is put in scope.
 *   <li>An attempt asks the breaker, then runs on a virtual thread for at most the timeout (or on the caller's
 *       thread without one).
 *   <li>A failure goes to a fresh resilience4j {@code Retry.AsyncContext}, which decides, from the policy, whether to
 *       retry and how long to wait first ({@link Backoff}); the guard records a retry event, waits with the
 *       policy's {@link Sleeper}, and makes the next attempt.
 *   <li>The result, or the last failure with the earlier ones suppressed, ends the observation.
 * </ol>
 *
 * <p>Thread-safe: calls share only resilience4j's retry (whose contexts are per call) and breaker, both
 * thread-safe; everything of one call is on the caller's stack.
 */
final class Guard {
  private final ResiliencePolicy policy;
  private final Retry retry;
  private final Optional<Breaker> breaker;
  private final Optional<TimedCall> timer;

  Guard(ResiliencePolicy policy) {
    this.policy = policy;
    this.retry = Retry.of(policy.name(), RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .intervalBiFunction(new Backoff(policy))
        .retryOnException(Guard::retriable)
        .build());
    this.breaker = policy.circuitBreaker().map(settings -> new Breaker(policy.name(), settings, policy.clock()));
    this.timer = policy.timeout().map(timeout -> new TimedCall(policy.name(), timeout));
  }

  /**
   * Whether a failure is worth another attempt: a retriable one, unless the breaker refused the call (it will refuse
   * again until it half-opens, which is what it is for).
   */
  static boolean retriable(Throwable failure) {
    return failure instanceof RetriableException && !(failure instanceof CircuitOpenException);
  }

  /**
   * The result of {@code call} and the attempts it took.
   *
   * @throws RuntimeException the last failure, when it was not retriable or the attempts ran out
   */
  <T> Attempted<T> call(Operation operation, Supplier<T> call) {
    Observation observation = ResilienceObservations.startCall(policy, operation);
    Attempts attempts = new Attempts();
    try {
      T result = ResilienceObservations.inScope(observation, () -> retrying(operation, call, observation, attempts));
      ResilienceObservations.succeeded(observation, attempts.made);
      return new Attempted<>(result, attempts.made);
    } catch (RuntimeException | Error e) {
      ResilienceObservations.failed(observation, attempts.made, e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  /** The circuit breaker, for tests; empty without one. */
  Optional<Breaker> breaker() {
    return breaker;
  }

  private <T> T retrying(Operation operation, Supplier<T> call, Observation observation, Attempts attempts) {
    Retry.AsyncContext<Object> context = retry.asyncContext();
    List<RuntimeException> failures = new ArrayList<>();
    while (true) {
      attempts.made++;
      try {
        T result = attempt(operation, call, observation);
        context.onComplete();
        return result;
      } catch (RuntimeException e) {
        failures.add(e);
        long waitMillis = context.onError(e);
        if (waitMillis < 0) {
          throw Failures.lastWithEarlier(failures);
        }
        ResilienceObservations.retrying(observation, failures.size(), e, waitMillis);
        waitBeforeRetry(operation, Duration.ofMillis(waitMillis), failures);
      }
    }
  }

  private <T> T attempt(Operation operation, Supplier<T> call, Observation observation) {
    Supplier<T> timed = timer.isEmpty() ? call : () -> timer.get().call(operation, call, observation);
    return breaker.isEmpty() ? timed.get() : breaker.get().call(operation, timed);
  }

  private void waitBeforeRetry(Operation operation, Duration wait, List<RuntimeException> failures) {
    try {
      policy.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuarryException("interrupted while waiting to retry " + operation.keyValue()
          + " through resilience policy '" + policy.name() + "'", Failures.lastWithEarlier(failures));
    }
  }

  @Override
  public String toString() {
    return policy.toString();
  }

  /** The attempts one call has made so far. Confined to the calling thread. */
  private static final class Attempts {
    private int made;
  }
}
