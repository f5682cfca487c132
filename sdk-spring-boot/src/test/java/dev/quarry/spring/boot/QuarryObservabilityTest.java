package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ManualClock;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The store's health indicator and Quarry's Micrometer meters, in real contexts with a {@link SimpleMeterRegistry}. */
class QuarryObservabilityTest {
  private static final List<Document> DOCUMENTS = List.of(
      Document.of("bread", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria."),
      Document.of("lighthouse", "The lighthouse flashes its white light every ten seconds to warn ships."));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(QuarryAutoConfiguration.class, QuarryHealthAutoConfiguration.class,
          QuarryMetricsAutoConfiguration.class))
      .withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));

  @Test
  void theEmbeddedStoresHealthShowsItsFolderRecordsAndLastCheckpoint(@TempDir Path folder) {
    runner.withPropertyValues("quarry.store.folder=" + folder).run(context -> {
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      Health health = context.getBean("quarryHealthIndicator", QuarryStoreHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("store", "EmbeddedVectorStore")
          .containsEntry("folder", folder.resolve("index").toString()).containsEntry("open", true)
          .containsEntry("records", 2L).containsKey("lastCheckpoint");

      context.getBean(EmbeddedVectorStore.class).close();
      assertThat(context.getBean(QuarryStoreHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
    });
  }

  @Test
  void aStoreThatCannotReachItsServerIsDownWithTheError() {
    VectorStore unreachable = new UnreachableTestStore();
    runner.withBean(VectorStore.class, () -> unreachable).run(context -> {
      Health health = context.getBean(QuarryStoreHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("store", "UnreachableTestStore");
      assertThat(health.getDetails()).containsEntry("error", "IllegalStateException"); // not the message
    });
  }

  @Test
  void theRecordCountIsAskedAtMostEveryTenSeconds() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(2).build();
    ManualClock clock = new ManualClock(java.time.Instant.parse("2026-12-07T00:00:00Z"));
    QuarryStoreHealthIndicator indicator = new QuarryStoreHealthIndicator(store, clock);
    assertThat(indicator.health().getDetails()).containsEntry("records", 0L);
    store.upsert(List.of(new VectorRecord(new Chunk("a", "a", "text", Metadata.empty(), 0, 4), new float[] {1, 0})));
    clock.advance(java.time.Duration.ofSeconds(9));
    assertThat(indicator.health().getDetails()).containsEntry("records", 0L);
    clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(indicator.health().getDetails()).containsEntry("records", 1L);
  }

  @Test
  void theIndicatorCanBeSwitchedOff() {
    runner.withPropertyValues("management.health.quarry.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(QuarryStoreHealthIndicator.class));
  }

  @Test
  void ingestRetrievalAnswersAndTokensAreMetered() {
    ChatModel chat = ScriptedChatModel.builder()
        .reply(new ChatResponse(AssistantMessage.of("Wild yeast [1]."), new TokenUsage(120, 7), FinishReason.STOP))
        .build();
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(ChatModel.class, () -> chat)
        .run(context -> {
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          context.getBean(Ingestor.class).ingest(DOCUMENTS);
          context.getBean(Retriever.class).retrieve(Query.of("lighthouse"));
          context.getBean(Rag.class).ask("What makes sourdough rise?");
          assertThatThrownBy(() -> context.getBean(Rag.class).ask("Again?")); // the script is spent

          assertThat(meters.get("quarry.ingest").tag("outcome", "success").timer().count()).isEqualTo(1);
          assertThat(meters.get("quarry.ingest.chunks").tag("state", "embedded").counter().count()).isEqualTo(2);
          assertThat(meters.get("quarry.retrieval").tag("retriever", "quarryRetriever").tag("outcome", "success")
              .timer().count()).isEqualTo(3); // one search, and one for each question
          assertThat(meters.get("quarry.answer").tag("kind", "generated").timer().count()).isEqualTo(1);
          assertThat(meters.get("quarry.answer.stage").tag("stage", "generate").timer().count()).isEqualTo(1);
          assertThat(meters.get("quarry.answer.tokens").tag("type", "input").counter().count()).isEqualTo(120);
          assertThat(meters.get("quarry.answer.tokens").tag("type", "output").counter().count()).isEqualTo(7);
          assertThat(meters.get("quarry.answer.errors").counter().count()).isEqualTo(1);
        });
  }

  @Test
  void withoutARegistryOrMicrometerNothingIsMeteredAndAllStillWorks() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(QuarryMetrics.class);
      assertThat(context.getBean(Retriever.class)).isNotInstanceOf(TimedRetriever.class);
    });
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(QuarryMetrics.class);
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
    });
  }

  /** <b>Test double</b>: a store whose every call fails as if its server refused the connection. */
  private static final class UnreachableTestStore implements VectorStore {
    private static RuntimeException refused() {
      return new IllegalStateException("connection refused (test double)");
    }

    @Override
    public int dimension() {
      return 64;
    }

    @Override
    public void upsert(List<VectorRecord> records) {
      throw refused();
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
      throw refused();
    }

    @Override
    public List<VectorRecord> get(Collection<String> ids) {
      throw refused();
    }

    @Override
    public int delete(Collection<String> ids) {
      throw refused();
    }

    @Override
    public int deleteWhere(Filter filter) {
      throw refused();
    }

    @Override
    public long count() {
      throw refused();
    }
  }
}
