package dev.quarry.vectorstore.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How server failures reach callers, on a {@link QdrantTestServer} test double of its own that refuses keys, fails
 * calls and holds answers as a failing Qdrant would.
 */
class QdrantFailuresTest {
  private final QdrantTestServer server;

  QdrantFailuresTest() throws IOException {
    server = new QdrantTestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRefusedApiKeyIsNotRetriableAndCarriesTheServersMessage() {
    server.requireApiKey("right");

    assertThatThrownBy(() -> QdrantVectorStore.builder(server.client().withApiKey("wrong").build(), 4).build())
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("UNAUTHENTICATED")
        .hasMessageContaining("Invalid api-key").hasMessageContaining("check the API key");
    assertThat(QdrantVectorStore.builder(server.client().withApiKey("right").build(), 4).build().count()).isZero();
  }

  @Test
  void anUnavailableServerMidUpsertNamesWhatWasNotWrittenAndARetryIsIdempotent() {
    QdrantVectorStore store = QdrantVectorStore.builder(server.client().build(), 4).batchSize(10).build();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(new VectorRecord(new Chunk("r" + i, "d", "t" + i, Metadata.of(Map.of("i", i)), 0, 2),
          new float[] {1, i, 0, 1}));
    }
    server.failFromCall(3, Status.UNAVAILABLE.withDescription("connection reset"));

    assertThatThrownBy(() -> store.upsert(records)).isInstanceOf(RetriableException.class)
        .hasMessageContaining("the 30 records from 'r20' on may not have been written")
        .hasMessageContaining("upserting them again is safe").hasMessageContaining("connection reset");

    server.stopFailing();
    assertThat(store.count()).isEqualTo(20);
    store.upsert(records);
    store.upsert(records.subList(0, 20));
    assertThat(store.count()).isEqualTo(50);
  }

  @Test
  void aCallPastItsDeadlineIsRetriable() {
    server.holdEveryAnswer(2_000);

    assertThatThrownBy(() -> QdrantVectorStore.builder(server.client().withTimeout(Duration.ofMillis(200)).build(), 4)
        .build()).isInstanceOf(RetriableException.class).hasMessageContaining("DEADLINE_EXCEEDED");
  }

  @Test
  void aRequestTheServerRefusesIsNotRetriableAndCarriesItsMessage() {
    QdrantVectorStore store = QdrantVectorStore.builder(server.client().build(), 4).collection("c").build();
    server.failFromCall(1, Status.INVALID_ARGUMENT.withDescription("Wrong input: payload too large"));

    assertThatThrownBy(() -> store.upsert(List.of(new VectorRecord(new Chunk("a", "d", "t", Metadata.empty(), 0, 1),
        new float[] {1, 0, 0, 0})))).isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("payload too large");
  }
}
