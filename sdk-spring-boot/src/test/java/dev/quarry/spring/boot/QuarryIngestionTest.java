package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Start-up ingestion ({@code quarry.ingest.*}) and the {@link QuarryIngestion} service. Start-up runs in a real
 * {@link SpringApplication} (application runners run there, not in an {@code ApplicationContextRunner}).
 */
class QuarryIngestionTest {
  /** An application with Quarry's auto-configuration and the testkit's hashing embedding model (a test double). */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(QuarryAutoConfiguration.class)
  static class Application {
    @Bean
    EmbeddingModel embeddingModel() {
      return new HashingEmbeddingModel(64);
    }
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).logStartupInfo(false)
        .properties(properties).run();
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(QuarryAutoConfiguration.class))
      .withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));

  private static Path corpus(Path folder) throws Exception {
    Files.writeString(folder.resolve("bread.md"), "# Bread\n\nSourdough rises with wild yeast.");
    Files.writeString(folder.resolve("light.txt"), "The lighthouse flashes every ten seconds.");
    Files.writeString(folder.resolve("data.bin"), "not selected by the include patterns");
    return folder;
  }

  @Test
  void offByDefault(@TempDir Path folder) throws Exception {
    runner.withPropertyValues("quarry.ingest.folders=" + corpus(folder))
        .run(context -> assertThat(context.getBean(VectorStore.class).count()).isZero());
  }

  @Test
  void onStartUpTheFoldersAreIngestedAndAgainOnlyWhatChanged(@TempDir Path folder, @TempDir Path store)
      throws Exception {
    String[] properties = {"quarry.ingest.on-startup=true", "quarry.ingest.folders=" + corpus(folder),
        "quarry.store.folder=" + store};
    try (ConfigurableApplicationContext context = start(properties)) {
      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2);
      assertThat(context.getBean(Retriever.class).retrieve(Query.of("wild yeast"))).first()
          .satisfies(hit -> assertThat(hit.chunk().documentId()).endsWith("bread.md"));
    }
    try (ConfigurableApplicationContext context = start(properties)) {
      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2);
      assertThat(context.getBean(QuarryIngestion.class).ingest(folder).nothingChanged()).isTrue();
    }
  }

  @Test
  void includePatternsSelectTheFiles(@TempDir Path folder) throws Exception {
    try (ConfigurableApplicationContext context = start("quarry.ingest.on-startup=true",
        "quarry.ingest.folders=" + corpus(folder), "quarry.ingest.include=**.md")) {
      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(1);
    }
  }

  @Test
  void foldersWithFilesOfTheSameNameKeepBoth(@TempDir Path one, @TempDir Path two) throws Exception {
    Files.writeString(one.resolve("README.md"), "Basalt is a volcanic rock.");
    Files.writeString(two.resolve("README.md"), "Sourdough rises with wild yeast.");
    try (ConfigurableApplicationContext context = start("quarry.ingest.on-startup=true",
        "quarry.ingest.folders=" + one + "," + two)) {
      assertThat(context.getBean(VectorStore.class).count()).isEqualTo(2);
      assertThat(context.getBean(Retriever.class).retrieve(Query.of("volcanic rock"))).first()
          .satisfies(hit -> assertThat(hit.chunk().documentId())
              .isEqualTo(one.toRealPath().resolve("README.md").toString()));
    }
  }

  @Test
  void aMissingFolderStopsTheStartUpByName(@TempDir Path folder) {
    Path missing = folder.resolve("no-such-folder");
    assertThatThrownBy(() -> start("quarry.ingest.on-startup=true", "quarry.ingest.folders=" + folder + ","
        + missing)).hasStackTraceContaining("quarry.ingest.folders: " + missing + ": no such directory");
    runner.run(context -> {
      QuarryIngestion ingestion = context.getBean(QuarryIngestion.class);
      assertThatThrownBy(() -> ingestion.ingest(missing)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot ingest " + missing + ": no such directory");
      assertThatThrownBy(() -> ingestion.ingest(null)).hasMessage("folder must not be null");
    });
  }
}
