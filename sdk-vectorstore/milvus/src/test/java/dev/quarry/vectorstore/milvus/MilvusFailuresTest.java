package dev.quarry.vectorstore.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How server failures reach callers, against a {@link MilvusTestServer} test double of its own (faults cannot be
 * injected into a real server): gRPC failures, Milvus error statuses, refused credentials, calls past their
 * deadline, and an upsert that stops part way.
 */
class MilvusFailuresTest {
  private static final int DIM = 4;
  private final MilvusTestServer server = MilvusTestServer.start();
  private final List<MilvusVectorStore> opened = new ArrayList<>();

  @AfterEach
  void stop() {
    opened.forEach(MilvusVectorStore::close);
    server.close();
  }

  private MilvusVectorStore.Builder builder() {
    return MilvusVectorStore.builder(server.uri(), DIM).collection("failures");
  }

  private MilvusVectorStore open(MilvusVectorStore.Builder builder) {
    MilvusVectorStore store = builder.build();
    opened.add(store);
    return store;
  }

  @Test
  void aClosedStoreSaysSo() {
    MilvusVectorStore store = builder().build();
    store.close();
    store.close();

    assertThatThrownBy(store::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void anUnavailableServerIsRetriable() {
    MilvusVectorStore store = open(builder());
    server.failCall("Search", 0, Status.UNAVAILABLE.withDescription("proxy is restarting"));

    assertThatThrownBy(() -> store.search(SearchRequest.builder(vector(1)).build()))
        .isInstanceOf(RetriableException.class).hasMessageContaining("did not answer a search")
        .hasMessageContaining("UNAVAILABLE").hasMessageContaining("proxy is restarting");
    assertThat(store.search(SearchRequest.builder(vector(1)).build())).as("the next call goes through").isEmpty();
  }

  @Test
  void refusedCredentialsAreNotRetriableAndCarryTheServersMessage() {
    server.requireToken("root:Milvus");

    assertThatThrownBy(() -> open(builder().token("wrong")))
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("UNAUTHENTICATED")
        .hasMessageContaining(MilvusTestServer.AUTH_FAILURE).hasMessageContaining("check the token");
    assertThatThrownBy(() -> open(builder())).isInstanceOf(NonRetriableException.class)
        .hasMessageContaining(MilvusTestServer.AUTH_FAILURE);
    assertThat(open(builder().credentials("root", "Milvus")).count()).isZero();
    assertThat(open(builder().token("root:Milvus")).count()).isZero();
  }

  @Test
  void aCallPastItsDeadlineIsRetriable() {
    MilvusVectorStore store = open(builder().requestTimeout(Duration.ofMillis(300)));
    server.hang("Search", 0);

    long start = System.nanoTime();
    assertThatThrownBy(() -> store.search(SearchRequest.builder(vector(1)).build()))
        .isInstanceOf(RetriableException.class).hasMessageContaining("DEADLINE_EXCEEDED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aServerThatIsNotThereIsRetriable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    assertThatThrownBy(() -> open(MilvusVectorStore.builder("http://127.0.0.1:" + port, DIM)
        .connectTimeout(Duration.ofMillis(300))))
        .isInstanceOf(RetriableException.class).hasMessageContaining("did not answer the connection");
  }

  @Test
  void anUpsertWhoseSecondRequestFailsNamesTheRecordsNotWrittenAndARetryIsIdempotent() {
    MilvusVectorStore store = open(builder().batchSize(300));
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      records.add(record("r" + i, Map.of("i", i)));
    }
    server.failCall("Upsert", 1, Status.UNAVAILABLE.withDescription("connection reset"));

    assertThatThrownBy(() -> store.upsert(records)).isInstanceOf(RetriableException.class)
        .hasMessageContaining("an upsert of 1000 records into Milvus collection 'failures' stopped")
        .hasMessageContaining("the 700 records from 'r300' on may not have been written")
        .hasMessageContaining("upserting them again is safe").hasMessageContaining("connection reset");
    assertThat(store.count()).isEqualTo(300);

    store.upsert(records);
    store.upsert(records.subList(0, 10));

    assertThat(store.count()).isEqualTo(1000);
    assertThat(store.get(List.of("r0", "r299", "r300", "r999"))).extracting(VectorRecord::chunk)
        .containsExactly(records.get(0).chunk(), records.get(299).chunk(), records.get(300).chunk(),
            records.get(999).chunk());
    assertThat(store.search(SearchRequest.builder(vector(5)).maxResults(2000).build())).hasSize(1000);
  }

  @Test
  void milvusErrorStatusesAreRetriableWhereMilvusSaysSo() {
    MilvusVectorStore store = open(builder());
    server.failWithCode("Search", 0, 8, "rate limit exceeded[rate=0.1]");
    server.failWithCode("Query", 0, 1100, "failed to create query plan: cannot parse expression");
    server.failWithCode("Upsert", 0, 1, "service not ready[Proxy]");

    assertThatThrownBy(() -> store.search(SearchRequest.builder(vector(1)).build()))
        .isInstanceOf(RetriableException.class).hasMessageContaining("(code 8)")
        .hasMessageContaining("rate limit exceeded[rate=0.1]");
    assertThatThrownBy(store::count).isInstanceOf(NonRetriableException.class).hasMessageContaining("(code 1100)")
        .hasMessageContaining("cannot parse expression");
    assertThatThrownBy(() -> store.upsert(List.of(record("a", Map.of())))).isInstanceOf(RetriableException.class)
        .hasMessageContaining("service not ready").hasMessageContaining("from 'a' on may not have been written");
  }

  @Test
  void aCollectionDroppedBehindTheStoresBackIsNotRetriable() {
    MilvusVectorStore store = open(builder());
    MilvusClientV2 other = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
    try {
      other.dropCollection(DropCollectionReq.builder().collectionName("failures").build());
    } finally {
      other.close();
    }

    assertThatThrownBy(() -> store.search(SearchRequest.builder(vector(1)).filter(Filter.eq("a", 1)).build()))
        .isInstanceOf(NonRetriableException.class).hasMessageContaining("(code 100)")
        .hasMessageContaining("collection not found");
  }

  @Test
  void anExpressionTheServerCannotParseIsNotRetriable() {
    // The double refuses what is outside the subset the store sends, as a real server refuses bad syntax.
    MilvusVectorStore store = open(builder());
    MilvusClientV2 other = new MilvusClientV2(ConnectConfig.builder().uri(server.uri()).build());
    try {
      assertThatThrownBy(() -> other.query(io.milvus.v2.service.vector.request.QueryReq.builder()
          .collectionName("failures").filter("text like \"a%\"").build()))
          .hasMessageContaining("cannot parse expression");
      assertThatThrownBy(() -> other.query(io.milvus.v2.service.vector.request.QueryReq.builder()
          .collectionName("failures").filter("id > 5").build()))
          .hasMessageContaining("comparisons between VarChar");
    } finally {
      other.close();
    }
    assertThat(store.count()).isZero();
  }

  private static VectorRecord record(String id, Map<String, ?> metadata) {
    return new VectorRecord(new Chunk(id, "doc-" + id, "text " + id, Metadata.of(metadata), 0, 5),
        vector(id.hashCode()));
  }

  private static float[] vector(long seed) {
    java.util.Random random = new java.util.Random(seed);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
