package dev.quarry.api;

/**
 * A failure that will happen again if the same call is repeated: a corrupted file, a missing model, an
 * unreadable document, a refused request. Retrying is pointless; fix the cause.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class NonRetriableException extends QuarryException {
  private static final long serialVersionUID = 1L;

  public NonRetriableException(String message) {
    super(message);
  }

  public NonRetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
