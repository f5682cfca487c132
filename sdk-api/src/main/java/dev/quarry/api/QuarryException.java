package dev.quarry.api;

/**
 * Root of every exception Quarry throws on purpose. Unchecked: a caller that wants to react catches
 * {@link RetriableException} (worth trying again later) or {@link NonRetriableException} (will fail the same
 * way again). Bad arguments are reported with {@link IllegalArgumentException} instead, as the JDK does.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class QuarryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QuarryException(String message) {
    super(message);
  }

  public QuarryException(String message, Throwable cause) {
    super(message, cause);
  }
}
