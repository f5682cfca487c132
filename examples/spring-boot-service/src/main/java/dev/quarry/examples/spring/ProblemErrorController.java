package dev.quarry.examples.spring;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page for what fails outside the controllers (Tomcat rejecting a request, a filter throwing), as a
 * problem detail too, in place of Spring Boot's JSON map. It never shows an exception or a stack trace.
 */
@RestController
class ProblemErrorController implements ErrorController {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorController.class);

  @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    HttpStatus status = code instanceof Integer number ? HttpStatus.resolve(number) : null;
    ProblemDetail problem;
    if (status == null) { // called directly, not as the error page
      problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
          ProblemDetailsAdvice.notFound(request.getMethod(), request.getRequestURI()));
      setInstance(problem, request.getRequestURI());
    } else {
      if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) {
        LOG.error("Error {} on {}", status.value(), uri, error);
      }
      problem = ProblemDetail.forStatusAndDetail(status, detail(status));
      if (uri instanceof String path) {
        setInstance(problem, path);
      }
    }
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static void setInstance(ProblemDetail problem, String path) {
    try {
      problem.setInstance(URI.create(path));
    } catch (IllegalArgumentException unparseable) { // the very URL Tomcat rejected: leave the instance out
      LOG.debug("Request URI {} is not a URI", path, unparseable);
    }
  }

  static String detail(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "the request is malformed (its URL, query string, headers or body could not be read)";
      case NOT_FOUND -> "no such endpoint; this service has " + ProblemDetailsAdvice.ENDPOINTS;
      case CONTENT_TOO_LARGE -> "the request is too large";
      default -> status.is5xxServerError() ? "the server failed to handle this request; the server log has the"
          + " details" : status.getReasonPhrase();
    };
  }
}
