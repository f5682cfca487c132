package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import java.time.Duration;

/**
 * An attempt to call a model took longer than its {@link ResiliencePolicy}'s timeout and was abandoned. Retriable:
 * the next attempt may be quicker. The abandoned call was interrupted; one that ignores interrupts runs on, on its
 * own virtual thread, until the model returns, but nobody waits for it.
 *
 * <p>Immutable once thrown and may be shared between threads.
 */
public final class CallTimeoutException extends RetriableException {
  private static final long serialVersionUID = 1L;

  CallTimeoutException(String policy, Operation operation, Duration timeout) {
    super(operation.keyValue() + " through resilience policy '" + policy + "' timed out after "
        + Durations.format(timeout));
  }
}
