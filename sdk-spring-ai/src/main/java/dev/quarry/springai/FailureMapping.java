package dev.quarry.springai;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Translates a Spring AI model's failure into Quarry's exception tree, keeping the original as the cause, so a
 * caller can tell what is worth retrying. Stateless.
 *
 * <p>The cause chain is searched, nearest first, for:
 *
 * <ul>
 *   <li>Spring AI's own classification: {@link TransientAiException} is retriable, {@link NonTransientAiException}
 *       is not, except when its message starts with status 408 or 429 ({@code "429 - Rate limit reached"}): Spring
 *       AI's HTTP error handler calls every 4xx non-transient, since it cannot tell a rate limit from an exhausted
 *       quota, while Quarry, like its LangChain4j bridge, lets callers retry rate limits and timeouts;
 *   <li>Spring's HTTP client failures: {@link RestClientResponseException} by its status (408, 429 and 5xx are
 *       retriable, other statuses not) and {@link ResourceAccessException} (an I/O failure) as retriable;
 *   <li>the JDK's timeouts and refused connections, retriable;
 *   <li>the exceptions of the provider SDKs that Spring AI's OpenAI and Anthropic models call without wrapping,
 *       by class name: {@code RateLimitException}, {@code InternalServerException}, {@code
 *       ServiceUnavailableException}, {@code OverloadedException}, names ending in {@code TimeoutException} or
 *       {@code IoException} are retriable; {@code BadRequestException}, {@code UnauthorizedException}, {@code
 *       AuthenticationException}, {@code PermissionDeniedException}, {@code NotFoundException} and {@code
 *       UnprocessableEntityException} are not.
 * </ul>
 *
 * <p>Anything else becomes the root {@link QuarryException}. Bad arguments ({@link IllegalArgumentException}) and
 * Quarry's own exceptions pass through unchanged.
 */
final class FailureMapping {
  private static final Set<String> RETRIABLE_NAMES =
      Set.of("RateLimitException", "InternalServerException", "ServiceUnavailableException", "OverloadedException");
  private static final Set<String> NON_RETRIABLE_NAMES =
      Set.of(
          "BadRequestException", "UnauthorizedException", "AuthenticationException", "PermissionDeniedException",
          "NotFoundException", "UnprocessableEntityException");

  /** How Spring AI's {@code RetryUtils} error handler starts its messages: the HTTP status, then " - ". */
  private static final Pattern STATUS_PREFIX = Pattern.compile("(\\d{3}) - ");

  private FailureMapping() {}

  static RuntimeException toQuarry(RuntimeException failure, String action) {
    if (failure instanceof IllegalArgumentException || failure instanceof QuarryException) {
      return failure;
    }
    String message = action + " failed: " + describe(failure);
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Boolean retriable = classify(t);
      if (retriable != null) {
        return retriable ? new RetriableException(message, failure) : new NonRetriableException(message, failure);
      }
    }
    return new QuarryException(message, failure);
  }

  /** 408 (timeout), 429 (rate limit) and 5xx are worth retrying; other statuses are not. */
  static boolean isRetriableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** Whether {@code t} says the call may succeed later; null when {@code t} does not tell. */
  private static Boolean classify(Throwable t) {
    if (t instanceof TransientAiException) {
      return true;
    }
    if (t instanceof NonTransientAiException) {
      Matcher status = STATUS_PREFIX.matcher(String.valueOf(t.getMessage()));
      return status.lookingAt() && isRetriableStatus(Integer.parseInt(status.group(1)));
    }
    if (t instanceof RestClientResponseException http) {
      return isRetriableStatus(http.getStatusCode().value());
    }
    if (t instanceof ResourceAccessException || t instanceof HttpTimeoutException
        || t instanceof SocketTimeoutException || t instanceof ConnectException || t instanceof TimeoutException) {
      return true;
    }
    String name = t.getClass().getSimpleName();
    if (RETRIABLE_NAMES.contains(name) || name.endsWith("TimeoutException") || name.endsWith("IoException")) {
      return true;
    }
    if (NON_RETRIABLE_NAMES.contains(name)) {
      return false;
    }
    return null;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
