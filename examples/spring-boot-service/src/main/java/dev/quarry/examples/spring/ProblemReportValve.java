package dev.quarry.examples.spring;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report as a problem detail, for the requests Tomcat itself rejects before Spring sees them (a
 * malformed URL such as {@code /a%2Fb}, headers over the size limit): in place of Tomcat's HTML page, the same
 * {@code application/problem+json} as every other error. It reports only what nothing else has answered, so
 * the application's own problem details pass untouched. Thread-safe: it keeps no state.
 */
class ProblemReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known != null ? known.getReasonPhrase() : "Error";
    String detail = known != null ? ProblemErrorController.detail(known) : "the request failed";
    String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) { // the client went away, or the response was committed
      container.getLogger().debug("Could not write the problem report", e);
    }
  }

  /** Puts the valve on Tomcat's host, inside the one Spring Boot adds, so that it answers first. */
  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
      return factory -> factory.addContextCustomizers(
          context -> context.getParent().getPipeline().addValve(new ProblemReportValve()));
    }
  }
}
