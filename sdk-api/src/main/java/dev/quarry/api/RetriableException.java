package dev.quarry.api;

/**
 * A failure that may go away if the same call is made again later: a rate limit, a timeout, a server that is
 * briefly unavailable. Callers may retry with back-off.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class RetriableException extends QuarryException {
  private static final long serialVersionUID = 1L;

  public RetriableException(String message) {
    super(message);
  }

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
