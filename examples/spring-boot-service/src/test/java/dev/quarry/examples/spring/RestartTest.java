package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The store folder outlives the service: documents ingested by one run are found by the next run on the same
 * folder, and a second service cannot open a folder the first still holds. Each run is a whole application on its
 * own port, started and closed here (not cached by the test framework).
 */
class RestartTest {

  @Test
  void documentsIngestedBeforeARestartAreFoundAfterIt(@TempDir Path folder) {
    try (ConfigurableApplicationContext first = start(folder)) {
      Http http = new Http(port(first));
      ServiceTest.uploadAll(http, Http.FilePart.text("axolotl.md", "# Axolotls\n\nThe axolotl is a salamander that"
          + " keeps its gills all its life and can regrow a lost limb."));
      assertThat(http.get("/search?q=axolotl+salamander&k=1").json().get("hits")).hasSize(1);
    }
    assertThat(folder.resolve("index")).isDirectory();
    assertThat(folder.resolve("keywords")).isDirectory();

    try (ConfigurableApplicationContext second = start(folder)) {
      Http http = new Http(port(second));
      JsonNode hits = http.get("/search?q=axolotl+salamander&k=5").json().get("hits");
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).get("documentId").asString()).isEqualTo("axolotl.md");
      assertThat(hits.get(0).get("text").asString()).contains("regrow a lost limb");

      JsonNode answer = http.postJson("/ask", "{\"question\": \"What can an axolotl regrow?\"}").json();
      assertThat(answer.get("kind").asString()).isEqualTo("EXTRACTIVE");
      assertThat(answer.get("citations").get(0).get("documentId").asString()).isEqualTo("axolotl.md");

      JsonNode again = ServiceTest.uploadAll(http, Http.FilePart.text("axolotl.md", "# Axolotls\n\nThe axolotl is a"
          + " salamander that keeps its gills all its life and can regrow a lost limb."));
      assertThat(again.get("chunks").asLong()).as("nothing new to embed after the restart").isZero();
      assertThat(again.get("unchangedChunks").asLong()).isPositive();
    }
  }

  @Test
  void aSecondServiceCannotOpenAFolderTheFirstHolds(@TempDir Path folder) {
    try (ConfigurableApplicationContext first = start(folder)) {
      assertThat(first.isRunning()).isTrue();
      Throwable failure = null;
      try (ConfigurableApplicationContext second = start(folder)) {
        assertThat(second).as("a second service on a locked folder").isNull();
      } catch (RuntimeException e) {
        failure = e;
      }
      assertThat(failure).isNotNull();
      assertThat(rootCause(failure).getMessage()).contains(folder.resolve("index").toString());
      assertThat(new Http(port(first)).get("/actuator/health").status()).isEqualTo(200);
    }
    assertThat(Files.isDirectory(folder.resolve("index"))).isTrue();
  }

  private static ConfigurableApplicationContext start(Path folder) {
    return new SpringApplicationBuilder(QuarryServiceApplication.class).run("--server.port=0",
        "--quarry.store.folder=" + folder, "--service.chat.base-url=", "--spring.main.banner-mode=off");
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
