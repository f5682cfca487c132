package dev.quarry.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may go away if the same call is made again later: a rate limit, a timeout, a server that is
 * briefly unavailable. Callers may retry with back-off, waiting at least {@link #retryAfter()} when the provider
 * said how long (an HTTP {@code Retry-After}, say).
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class RetriableException extends QuarryException {
  private static final long serialVersionUID = 1L;

  /** Null when the provider did not say; a field of a serializable type, hence not an {@code Optional}. */
  private final Duration retryAfter;

  public RetriableException(String message) {
    this(message, null, null);
  }

  public RetriableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * A failure after which the provider asked to wait {@code retryAfter} before the next call.
   *
   * @param retryAfter how long to wait; null when the provider did not say
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public RetriableException(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked to wait before the next call, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
