package dev.quarry.vectorstore.chroma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Chroma's v2 HTTP API for one tenant and database, on the JDK's {@link HttpClient} with Jackson: JSON in, JSON
 * out, and every failure turned into Quarry's exceptions with the server's own message. Transport failures,
 * timeouts, 429 and 5xx answers are {@link RetriableException}s; 4xx answers (authentication, a missing collection,
 * a request the server refuses) are {@link NonRetriableException}s. Thread-safe.
 */
final class ChromaHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;
  private final String databasePath;
  private final Optional<String> token;
  private final Duration requestTimeout;

  ChromaHttp(URI endpoint, String tenant, String database, Optional<String> token, Optional<SSLContext> tls,
      Duration connectTimeout, Duration requestTimeout) {
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(connectTimeout);
    tls.ifPresent(client::sslContext);
    this.client = client.build();
    String root = endpoint.toString().replaceAll("/+$", "");
    this.base = URI.create(root + "/");
    this.databasePath = "api/v2/tenants/" + segment(tenant) + "/databases/" + segment(database);
    this.token = token;
    this.requestTimeout = requestTimeout;
  }

  /** The server's address, for messages. */
  URI endpoint() {
    return base;
  }

  /** {@code GET} on a path below the database ({@code collections/...}). */
  JsonNode get(String path, String what) {
    return send(request(path).GET(), what, false);
  }

  /** {@code GET} that answers empty for 404 (a collection that does not exist). */
  Optional<JsonNode> find(String path, String what) {
    return Optional.ofNullable(send(request(path).GET(), what, true));
  }

  /** {@code POST} of {@code body} as JSON on a path below the database. */
  JsonNode post(String path, Object body, String what) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write the request for " + what, e);
    }
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), what, false);
  }

  /** A path segment: a collection name or id, percent-encoded. */
  static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(databasePath + "/" + path))
        .timeout(requestTimeout).header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request;
  }

  private JsonNode send(HttpRequest.Builder request, String what, boolean missingIsEmpty) {
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RetriableException("Chroma at " + base + " did not answer " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while waiting for Chroma at " + base + " (" + what + ")", e);
    }
    int status = response.statusCode();
    if (status == 404 && missingIsEmpty) {
      return null;
    }
    if (status >= 200 && status < 300) {
      try {
        return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
      } catch (JsonProcessingException e) {
        throw new NonRetriableException("Chroma at " + base + " answered " + what + " with text that is not JSON", e);
      }
    }
    String message = "Chroma at " + base + " refused " + what + " (HTTP " + status + "): " + serverMessage(response.body());
    if (status == 429 || status >= 500) {
      throw new RetriableException(message);
    }
    if (status == 401 || status == 403) {
      throw new NonRetriableException(message + "; check the API key");
    }
    throw new NonRetriableException(message);
  }

  private static String serverMessage(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.hasNonNull("message")) {
        return error.path("error").asText("error") + ": " + error.get("message").asText();
      }
    } catch (JsonProcessingException notJson) {
      // fall through to the raw text
    }
    return body.length() > 500 ? body.substring(0, 500) + "..." : body;
  }
}
