package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import java.time.Duration;

/**
 * A {@link ResiliencePolicy}'s circuit breaker refused a call without making it: too many recent attempts failed
 * (the breaker is open), or it is letting its few trial calls through (half-open). Retriable, but later: {@link
 * #retryAfter()} says how long the breaker stays open when it knows. A fallback chain moves on to its next model.
 *
 * <p>Immutable once thrown and may be shared between threads.
 */
public final class CircuitOpenException extends RetriableException {
  private static final long serialVersionUID = 1L;

  CircuitOpenException(String message, Duration retryAfter) {
    super(message, null, retryAfter);
  }
}
