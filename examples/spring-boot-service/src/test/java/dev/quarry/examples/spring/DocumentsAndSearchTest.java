package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /documents} (uploads and folders) and {@code GET /search}, over HTTP. */
class DocumentsAndSearchTest extends ServiceTest {

  @Test
  void uploadedMarkdownHtmlAndTextAreFoundWithTheirSourceAndMetadata() {
    Http http = http();
    JsonNode report = uploadAll(http,
        Http.FilePart.text("zeppelin.md", "# Zeppelins\n\nA zeppelin is a rigid airship filled with hydrogen or"
            + " helium, named after Count Ferdinand von Zeppelin."),
        Http.FilePart.text("marmalade.html", "<html><head><title>Marmalade</title></head><body><p>Seville oranges"
            + " make the bitterest marmalade; boil the peel for two hours.</p></body></html>"),
        Http.FilePart.text("glacier.txt", "A glacier moves downhill under its own weight, carving valleys."));

    assertThat(report.get("chunks").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(report.get("failures")).isEmpty();
    assertThat(report.get("bytesLoaded").asLong()).isPositive();
    assertThat(report.get("elapsedMs").asLong()).isNotNegative();

    Http.Reply reply = http.get("/search?q=rigid+airship+zeppelin&k=3");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode result = reply.json();
    assertThat(result.get("query").asString()).isEqualTo("rigid airship zeppelin");
    assertThat(result.get("k").asInt()).isEqualTo(3);
    JsonNode best = result.get("hits").get(0);
    assertThat(best.get("documentId").asString()).isEqualTo("zeppelin.md");
    assertThat(best.get("id").asString()).isEqualTo("zeppelin.md#0");
    assertThat(best.get("source").asString()).isEqualTo("zeppelin.md");
    assertThat(best.get("text").asString()).contains("rigid airship");
    assertThat(best.get("score").asDouble()).isPositive();
    assertThat(best.get("metadata").get("title").asString()).isEqualTo("Zeppelins");
    assertThat(best.get("metadata").get("content_type").asString()).isEqualTo("text/markdown");

    JsonNode html = http.get("/search?q=Seville+oranges+marmalade&k=1").json().get("hits").get(0);
    assertThat(html.get("documentId").asString()).isEqualTo("marmalade.html");
    assertThat(html.get("text").asString()).contains("Seville oranges").doesNotContain("<p>");
    assertThat(html.get("metadata").get("title").asString()).isEqualTo("Marmalade");
  }

  @Test
  void filesThatCannotBeLoadedAreReportedWithTheirReasonWhileTheOthersAreIngested() {
    Http.Reply reply = http().upload("/documents", List.of(
        Http.FilePart.text("quokka.md", "The quokka is a small marsupial that lives on Rottnest Island."),
        new Http.FilePart("file", "empty.txt", new byte[0]),
        new Http.FilePart("file", "picture.bin", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1})));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode report = reply.json();
    assertThat(report.get("filesLoaded").asInt()).isEqualTo(1);
    List<String> failures = new ArrayList<>();
    for (JsonNode failure : report.get("failures")) {
      failures.add(failure.get("file").asString() + ":" + failure.get("reason").asString());
      assertThat(failure.get("problem").asString()).isNotBlank();
    }
    assertThat(failures).containsExactlyInAnyOrder("empty.txt:EMPTY", "picture.bin:BINARY");
    assertThat(http().get("/search?q=quokka+marsupial&k=1").json().get("hits").get(0).get("documentId")
        .asString()).isEqualTo("quokka.md");
  }

  @Test
  void uploadingAnUnchangedFileAgainEmbedsNothingAndAnEditedOneReplacesItsChunks() {
    Http http = http();
    String text = "The narwhal is a toothed whale with a long spiral tusk, living in Arctic waters.";
    long first = uploadAll(http, Http.FilePart.text("narwhal.txt", text)).get("chunks").asLong();

    JsonNode again = uploadAll(http, Http.FilePart.text("narwhal.txt", text));
    assertThat(again.get("chunks").asLong()).isZero();
    assertThat(again.get("unchangedChunks").asLong()).isEqualTo(first);

    uploadAll(http, Http.FilePart.text("narwhal.txt", "Narwhals dive to 1500 metres to hunt halibut."));
    List<String> narwhalChunks = new ArrayList<>();
    for (JsonNode hit : http.get("/search?q=narwhal&k=20").json().get("hits")) {
      if (hit.get("documentId").asString().equals("narwhal.txt")) {
        narwhalChunks.add(hit.get("text").asString());
      }
    }
    assertThat(narwhalChunks).singleElement().asString().contains("halibut").doesNotContain("spiral tusk");
  }

  @Test
  void aServerFolderIsIngestedWithEveryFileNamedByItsPath(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("basalt.md"), "# Basalt\n\nBasalt is a volcanic rock that cools quickly from"
        + " lava, forming hexagonal columns.");
    Files.createDirectories(folder.resolve("sub"));
    Files.writeString(folder.resolve("sub/obsidian.txt"), "Obsidian is volcanic glass with sharp conchoidal edges.");
    Files.write(folder.resolve("sub/empty.md"), new byte[0]);
    Files.writeString(folder.resolve("ignored.csv"), "a,b\n1,2\n", StandardCharsets.UTF_8);

    Http.Reply reply = http().postJson("/documents", "{\"folder\": \"" + folder.toAbsolutePath() + "\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode report = reply.json();
    assertThat(report.get("folder").asString()).isEqualTo(folder.toAbsolutePath().normalize().toString());
    assertThat(report.get("filesLoaded").asInt()).isEqualTo(2);
    assertThat(report.get("filesSkipped").asInt()).isEqualTo(1); // the .csv, not a format the loaders read
    assertThat(report.get("failures")).hasSize(1);
    assertThat(report.get("failures").get(0).get("file").asString()).isEqualTo("sub/empty.md");
    assertThat(report.get("failures").get(0).get("reason").asString()).isEqualTo("EMPTY");
    assertThat(report.get("chunks").asLong()).isGreaterThanOrEqualTo(2);

    JsonNode hit = http().get("/search?q=obsidian+volcanic+glass&k=1").json().get("hits").get(0);
    assertThat(hit.get("documentId").asString()).isEqualTo(folder.resolve("sub/obsidian.txt").toString());
    assertThat(hit.get("source").asString()).isEqualTo(folder.resolve("sub/obsidian.txt").toString());
  }

  @Test
  void searchReturnsAtMostKHitsBestFirstAndTenByDefault() {
    Http http = http();
    List<Http.FilePart> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(Http.FilePart.text("lantern-" + i + ".txt", "Paper lantern number " + i + " glows in the festival."));
    }
    uploadAll(http, files.toArray(Http.FilePart[]::new));

    assertThat(http.get("/search?q=paper+lantern+festival&k=4").json().get("hits")).hasSize(4);
    JsonNode defaults = http.get("/search?q=paper+lantern+festival").json();
    assertThat(defaults.get("k").asInt()).isEqualTo(10);
    assertThat(defaults.get("hits")).hasSize(10);
    double previous = Double.MAX_VALUE;
    for (JsonNode hit : defaults.get("hits")) {
      assertThat(hit.get("score").asDouble()).isLessThanOrEqualTo(previous);
      previous = hit.get("score").asDouble();
    }
  }
}
