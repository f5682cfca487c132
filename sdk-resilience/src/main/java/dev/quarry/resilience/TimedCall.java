package dev.quarry.resilience;

import dev.quarry.api.QuarryException;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs an attempt on a new virtual thread and waits for it with resilience4j's {@link TimeLimiter}, which cancels
 * (interrupts) it when the timeout passes. The caller never waits longer than the timeout, even for a call that
 * ignores interrupts: that one keeps its virtual thread until it returns, abandoned.
 *
 * <p>The attempt runs in the scope of the call's observation, so that what the model observes is its child; other
 * thread-local context (a logging MDC, a transaction) does not reach it.
 *
 * <p>Immutable and thread-safe.
 */
final class TimedCall {
  private final String policy;
  private final Duration timeout;
  private final TimeLimiter limiter;

  TimedCall(String policy, Duration timeout) {
    this.policy = policy;
    this.timeout = timeout;
    this.limiter = TimeLimiter.of(policy,
        TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
  }

  /**
   * The result of {@code call}, if it returns within the timeout.
   *
   * @throws CallTimeoutException if it does not
   * @throws QuarryException if the calling thread is interrupted while waiting (its interrupt flag is set again)
   */
  <T> T call(Operation operation, Supplier<T> call, Observation observation) {
    FutureTask<T> task = new FutureTask<>(() -> ResilienceObservations.inScope(observation, call));
    Thread.ofVirtual().name("quarry-resilience-" + policy + "-" + operation.keyValue()).start(task);
    try {
      return limiter.executeFutureSupplier(() -> task);
    } catch (TimeoutException e) {
      throw new CallTimeoutException(policy, operation, timeout);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new QuarryException("interrupted while waiting for " + operation.keyValue() + " through resilience policy '"
          + policy + "'", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // a checked exception thrown sneakily by the model
      throw new QuarryException(operation.keyValue() + " through resilience policy '" + policy + "' failed", e);
    }
  }
}
