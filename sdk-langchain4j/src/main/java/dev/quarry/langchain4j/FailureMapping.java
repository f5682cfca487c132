package dev.quarry.langchain4j;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Translates failures between the two libraries' exception trees, keeping the original as the cause, so a
 * caller on either side can still tell what is worth retrying. Stateless.
 */
final class FailureMapping {
  private FailureMapping() {}

  /**
   * A LangChain4j failure as a Quarry one: rate limits, timeouts, server errors and refused connections become
   * {@link RetriableException}; authentication, invalid requests and other classified refusals become {@link
   * NonRetriableException}; anything unclassified becomes the root {@link QuarryException}. Bad arguments ({@link
   * IllegalArgumentException}) and Quarry's own exceptions pass through unchanged.
   */
  static RuntimeException toQuarry(RuntimeException failure, String action) {
    if (failure instanceof IllegalArgumentException || failure instanceof QuarryException) {
      return failure;
    }
    String message = action + " failed: " + describe(failure);
    if (failure instanceof dev.langchain4j.exception.RetriableException) {
      return new RetriableException(message, failure);
    }
    if (failure instanceof dev.langchain4j.exception.NonRetriableException) {
      return new NonRetriableException(message, failure);
    }
    Integer status = httpStatus(failure);
    if (status != null) {
      return isRetriableStatus(status)
          ? new RetriableException(message, failure)
          : new NonRetriableException(message, failure);
    }
    if (hasTransientCause(failure)) {
      return new RetriableException(message, failure);
    }
    return new QuarryException(message, failure);
  }

  /**
   * A Quarry failure as a LangChain4j one, for LangChain4j code driving a Quarry model (its retry helpers look at
   * this branch). Bad arguments and exceptions that are not Quarry's pass through unchanged.
   */
  static RuntimeException toLangChain4j(RuntimeException failure) {
    if (failure instanceof RetriableException) {
      return new dev.langchain4j.exception.RetriableException(failure.getMessage(), failure);
    }
    if (failure instanceof NonRetriableException) {
      return new dev.langchain4j.exception.NonRetriableException(failure.getMessage(), failure);
    }
    if (failure instanceof QuarryException) {
      return new LangChain4jException(failure.getMessage(), failure);
    }
    return failure;
  }

  /** 408 (timeout), 429 (rate limit) and 5xx are worth retrying; other statuses are not. */
  static boolean isRetriableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static Integer httpStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http) {
        return http.statusCode();
      }
    }
    return null;
  }

  private static boolean hasTransientCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
          || t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
