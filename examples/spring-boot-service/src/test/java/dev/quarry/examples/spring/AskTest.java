package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /ask} without a chat model: extractive answers that cite the passages they quote. */
class AskTest extends ServiceTest {

  @Test
  void answersExtractivelyWithCitationsTimingsAndNoTokens() {
    Http http = http();
    uploadAll(http, Http.FilePart.text("kiln.md", "# Pottery kilns\n\nA stoneware glaze is fired in the kiln at"
        + " about 1280 degrees Celsius. Earthenware is fired cooler, at about 1100 degrees Celsius.\n\n"
        + "Let the kiln cool for a full day before opening it, or the pots may crack."));

    Http.Reply reply = http.postJson("/ask", "{\"question\": \"At what temperature is a stoneware glaze fired?\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode answer = reply.json();
    assertThat(answer.get("question").asString()).isEqualTo("At what temperature is a stoneware glaze fired?");
    assertThat(answer.get("kind").asString()).isEqualTo("EXTRACTIVE");
    assertThat(answer.get("answer").asString()).contains("1280 degrees").contains("[1]");
    JsonNode citation = answer.get("citations").get(0);
    assertThat(citation.get("number").asInt()).isEqualTo(1);
    assertThat(citation.get("documentId").asString()).isEqualTo("kiln.md");
    assertThat(citation.get("source").asString()).isEqualTo("kiln.md");
    assertThat(citation.get("text").asString()).contains("stoneware glaze")
        .hasSizeLessThanOrEqualTo(AskController.SNIPPET_CHARS);
    JsonNode timings = answer.get("timingsMs");
    assertThat(timings.get("total").asLong()).isGreaterThanOrEqualTo(timings.get("retrieve").asLong())
        .isNotNegative();
    assertThat(answer.get("usage").get("totalTokens").asInt()).isZero(); // no chat model was called
  }

  @Test
  void citationSnippetsAreFlattenedAndCut() {
    assertThat(AskController.snippet("  a\n\n b  ")).isEqualTo("a b");
    String cut = AskController.snippet("word ".repeat(200));
    assertThat(cut).hasSizeLessThanOrEqualTo(AskController.SNIPPET_CHARS).endsWith("…");
  }
}
