package dev.quarry.examples.spring;

import dev.quarry.api.RetriableException;
import dev.quarry.rag.loader.DocumentLoadException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error as an RFC 9457 problem detail ({@code application/problem+json}) whose {@code detail} says what was
 * wrong and what is allowed. Spring's own exceptions keep their status (400, 404, 405, 413, 415...) with clearer
 * words; Quarry's {@link IllegalArgumentException}s are 400s. Nothing internal reaches a client: an unexpected
 * exception is a 500 with an error id, and its stack trace goes to the log under that id.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** The endpoints, for a 404 that tells a client where to go. */
  static final String ENDPOINTS = "POST /documents, GET /search?q=..., POST /ask, POST /assistant,"
      + " GET /actuator/health and GET /actuator/metrics";

  private final DataSize maxFileSize;
  private final DataSize maxRequestSize;
  private final int maxParts;

  ProblemDetailsAdvice(@Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize maxFileSize,
      @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequestSize,
      @Value("${server.tomcat.max-part-count:50}") int maxParts) {
    this.maxFileSize = maxFileSize;
    this.maxRequestSize = maxRequestSize;
    this.maxParts = maxParts;
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = "query parameter '" + ex.getParameterName() + "' is required";
    if (ex.getParameterName().equals("q")) {
      detail += ": the text to search for, e.g. /search?q=refunds&k=5";
    }
    return problem(ex, detail, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    Class<?> type = ex.getRequiredType();
    String expected = type == int.class || type == Integer.class || type == long.class || type == Long.class
        ? "a whole number" : "a valid value";
    String name = ex.getPropertyName() != null ? "'" + ex.getPropertyName() + "'" : "a parameter";
    return problem(ex, name + " must be " + expected + ", was '" + ex.getValue() + "'", headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(ex, messages(ex.getAllErrors()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(ex, messages(ex.getBindingResult().getAllErrors()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(ex, unreadable(ex), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileCountLimitExceededException) {
        return problem(ex, "the upload has too many parts: at most " + maxParts + " files and fields in one"
            + " request (server.tomcat.max-part-count)", headers, status, request);
      }
    }
    return problem(ex, "the upload is too large: at most " + size(maxFileSize) + " per file and " + size(maxRequestSize)
        + " per request (spring.servlet.multipart.max-file-size and max-request-size); ingest larger files from a"
        + " server folder with {\"folder\": \"/path\"}", headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    return problem(ex, notFound(ex.getHttpMethod().name(), "/" + ex.getResourcePath()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    return problem(ex, notFound(ex.getHttpMethod(), ex.getRequestURL()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String allowed = ex.getSupportedHttpMethods() == null ? "another method"
        : ex.getSupportedHttpMethods().stream().map(Object::toString).sorted().collect(Collectors.joining(" or "));
    return problem(ex, ex.getMethod() + " is not supported on " + path(request) + "; use " + allowed, headers,
        status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String supported = ex.getSupportedMediaTypes().stream().map(MediaType::toString).sorted()
        .collect(Collectors.joining(" or "));
    String detail = ex.getContentType() == null
        ? "a request without Content-Type is not supported on " + path(request) + "; send " + supported
        : "Content-Type '" + ex.getContentType() + "' is not supported on " + path(request) + "; send " + supported;
    return problem(ex, detail, headers, status, request);
  }

  /** A file or folder the loaders cannot read, such as a folder the server may not list. */
  @ExceptionHandler(DocumentLoadException.class)
  ProblemDetail documentLoad(DocumentLoadException ex, WebRequest request) {
    return problem(HttpStatus.BAD_REQUEST, ex.file() + " " + ex.problem(), request);
  }

  /** A multipart body that cannot be parsed (a missing boundary, a truncated part). */
  @ExceptionHandler(MultipartException.class)
  ProblemDetail unreadableMultipart(MultipartException ex, WebRequest request) {
    LOG.debug("Unreadable multipart body", ex);
    return problem(HttpStatus.BAD_REQUEST, "the multipart/form-data body could not be read: send each file as a"
        + " part with a file name, e.g. curl -F file=@notes.md", request);
  }

  /** Quarry's bad arguments, whose messages say what was wrong and what is allowed. */
  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException ex, WebRequest request) {
    LOG.debug("Bad argument", ex);
    return problem(HttpStatus.BAD_REQUEST, Objects.toString(ex.getMessage(), "the request has an invalid value"),
        request);
  }

  /** A query string Tomcat cannot decode, such as {@code q=%zz}. */
  @ExceptionHandler(InvalidParameterException.class)
  ProblemDetail undecodableParameter(InvalidParameterException ex, WebRequest request) {
    LOG.debug("Undecodable parameter", ex);
    return problem(HttpStatus.BAD_REQUEST, "the query string could not be decoded: percent-encode it as UTF-8"
        + " (%20 for a space, %25 for a per cent sign)", request);
  }

  /** A rate limit, a timeout, a server briefly away: the client may try again. */
  @ExceptionHandler(RetriableException.class)
  ResponseEntity<ProblemDetail> retriable(RetriableException ex, WebRequest request) {
    LOG.warn("Temporary failure: {}", ex.getMessage(), ex);
    ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE,
        "a model or store is unavailable for now (rate limit or timeout); try again later", request);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10").body(problem);
  }

  /** Anything else is the server's fault: the client gets an id to quote, the log gets the stack trace. */
  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex, WebRequest request) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("Error {} on {}", id, path(request), ex);
    ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR,
        "the server failed to handle this request; quote error id " + id + " to find it in the server log", request);
    problem.setProperty("errorId", id);
    return problem;
  }

  /** Gives every problem the path it happened on as its {@code instance}. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      withInstance(problem, request);
    }
    return response;
  }

  private ResponseEntity<Object> problem(Exception ex, String detail, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
  }

  private static ProblemDetail problem(HttpStatus status, String detail, WebRequest request) {
    return withInstance(ProblemDetail.forStatusAndDetail(status, detail), request);
  }

  private static ProblemDetail withInstance(ProblemDetail problem, WebRequest request) {
    if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
      try {
        problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
      } catch (IllegalArgumentException unparseable) { // leave the instance out rather than fail the error
        LOG.debug("Request URI is not a URI", unparseable);
      }
    }
    return problem;
  }

  /** {@code 20MB} rather than {@code 20971520B}. */
  static String size(DataSize size) {
    long bytes = size.toBytes();
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return size.toMegabytes() + "MB";
    }
    return bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? size.toKilobytes() + "KB" : bytes + "B";
  }

  static String notFound(String method, String path) {
    return "no endpoint at " + method + " " + path + "; this service has " + ENDPOINTS;
  }

  private static String messages(List<? extends MessageSourceResolvable> errors) {
    String joined = errors.stream().map(MessageSourceResolvable::getDefaultMessage).filter(Objects::nonNull)
        .distinct().sorted().collect(Collectors.joining("; "));
    return joined.isEmpty() ? "the request has an invalid value" : joined;
  }

  /** Why a body could not be read, in JSON terms: no body, a syntax error and where, or a value of a wrong type. */
  private static String unreadable(HttpMessageNotReadableException ex) {
    if (ex.getCause() instanceof StreamReadException syntax) {
      TokenStreamLocation at = syntax.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return "the request body is not valid JSON" + where + reason(syntax.getOriginalMessage());
    }
    if (ex.getCause() instanceof JacksonException mapping) {
      String field = mapping.getPath().stream().map(JacksonException.Reference::getPropertyName)
          .filter(Objects::nonNull).collect(Collectors.joining("."));
      return field.isEmpty()
          ? "the request body must be a JSON object such as {\"question\": \"...\"}"
          : "field '" + field + "' has a value of the wrong type";
    }
    String message = ex.getMessage() == null ? "" : ex.getMessage();
    if (message.startsWith("Required request body is missing")) {
      return "the request needs a JSON body, such as {\"question\": \"...\"}";
    }
    return "the request body could not be read as JSON";
  }

  /**
   * Jackson's reason for a syntax error, up to where it starts to describe its own source and state (which may
   * quote Java names in backticks, of no use to a client).
   */
  static String reason(String message) {
    if (message == null) {
      return "";
    }
    String reason = message.lines().findFirst().orElse("");
    for (String internal : List.of(" (start marker", "[Source", "`")) {
      int at = reason.indexOf(internal);
      if (at >= 0) {
        reason = reason.substring(0, at);
      }
    }
    reason = reason.strip();
    return reason.isEmpty() ? "" : ": " + reason;
  }

  private static String path(WebRequest request) {
    return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "this path";
  }
}
