package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The actuator's health and metrics endpoints are exposed, and nothing else of it. */
class ActuatorTest extends ServiceTest {

  @Test
  void healthIsUp() {
    Http.Reply reply = http().get("/actuator/health");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().get("status").asString()).isEqualTo("UP");
  }

  @Test
  void metricsListTheServersRequestsAndOneCanBeRead() {
    Http http = http();
    assertThat(http.get("/search?q=anything").status()).isEqualTo(200);

    Http.Reply names = http.get("/actuator/metrics");
    assertThat(names.status()).as(names.toString()).isEqualTo(200);
    assertThat(names.json().get("names").toString()).contains("\"http.server.requests\"", "\"jvm.memory.used\"");

    Http.Reply requests = http.get("/actuator/metrics/http.server.requests?tag=uri:/search");
    assertThat(requests.status()).as(requests.toString()).isEqualTo(200);
    JsonNode count = requests.json().get("measurements").get(0);
    assertThat(count.get("statistic").asString()).isEqualTo("COUNT");
    assertThat(count.get("value").asDouble()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void healthShowsQuarrysStore() {
    JsonNode quarry = http().get("/actuator/health").json().get("components").get("quarry");
    assertThat(quarry.get("status").asString()).isEqualTo("UP");
    JsonNode details = quarry.get("details");
    assertThat(details.get("store").asString()).isEqualTo("EmbeddedVectorStore");
    assertThat(details.get("open").asBoolean()).isTrue();
    assertThat(details.get("folder").asString()).endsWith("index");
    assertThat(details.has("records")).isTrue();
    assertThat(details.has("lastCheckpoint")).isTrue();
  }

  @Test
  void quarrysIngestRetrievalAndAnswerMetersAreListedAndRead() {
    Http http = http();
    uploadAll(http, Http.FilePart.text("meters-quartzite.txt",
        "Quartzite is a hard metamorphic rock that formed from sandstone."));
    assertThat(http.get("/search?q=quartzite").status()).isEqualTo(200);
    assertThat(http.postJson("/ask", "{\"question\": \"What did quartzite form from?\"}").status()).isEqualTo(200);

    String names = http.get("/actuator/metrics").json().get("names").toString();
    assertThat(names).contains("\"quarry.ingest\"", "\"quarry.ingest.chunks\"", "\"quarry.retrieval\"",
        "\"quarry.answer\"", "\"quarry.answer.stage\"", "\"quarry.answer.tokens\"");
    for (String meter : new String[] {"quarry.ingest", "quarry.retrieval", "quarry.answer"}) {
      Http.Reply reply = http.get("/actuator/metrics/" + meter);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      JsonNode count = reply.json().get("measurements").get(0);
      assertThat(count.get("statistic").asString()).isEqualTo("COUNT");
      assertThat(count.get("value").asDouble()).as(meter).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    for (String path : new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops"}) {
      ProblemDetailsTest.assertProblem(http().get(path), 404, "no endpoint at GET " + path);
    }
  }
}
