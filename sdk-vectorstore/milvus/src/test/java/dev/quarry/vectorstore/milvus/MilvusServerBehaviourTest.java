package dev.quarry.vectorstore.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import io.milvus.param.Constant;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store relies on in the server beyond the contract, asked of the server directly with the SDK's client:
 * on the {@link MilvusTestServer} double these check the double; with {@code QUARRY_MILVUS_URI} set they check that
 * real Milvus behaves as the double (and the store) assume.
 */
class MilvusServerBehaviourTest {
  private final String collection = MilvusServer.freshCollection("behaviour");
  private MilvusVectorStore store;
  private MilvusClientV2 client;

  @BeforeEach
  void open() {
    store = MilvusServer.builder(2).collection(collection).build();
    ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(MilvusServer.uri());
    MilvusServer.token().ifPresent(config::token);
    client = new MilvusClientV2(config.build());
  }

  @AfterEach
  void close() {
    client.close();
    store.close();
  }

  @Test
  void queryPagesComeInPrimaryKeyOrderOfTheirUtf8Bytes() {
    List<String> ids = List.of("b", "é", "a", "z", "A", "ab", "\uD83D\uDE00", "\uFFFD");
    store.upsert(ids.stream().map(id -> new VectorRecord(new Chunk(id, "d", "t", Metadata.empty(), 0, 1),
        new float[] {1, 1})).toList());

    assertThat(page("", 3)).containsExactly("A", "a", "ab");
    assertThat(page("id > \"ab\"", 3)).containsExactly("b", "z", "é");
    assertThat(page("id > \"é\"", 3)).containsExactly("\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void aSearchTakesAtMost16384Results() {
    store.upsert(List.of(new VectorRecord(new Chunk("a", "d", "t", Metadata.empty(), 0, 1), new float[] {1, 0})));

    assertThat(client.search(search(MilvusVectorStore.MAX_TOP_K)).getSearchResults().getFirst()).hasSize(1);
    assertThatThrownBy(() -> client.search(search(MilvusVectorStore.MAX_TOP_K + 1)))
        .isInstanceOf(MilvusClientException.class).hasMessageContaining("16384");
  }

  @Test
  void aVarcharIsMeasuredInBytesOfUtf8() {
    String fits = "é".repeat(MilvusVectorStore.MAX_TEXT_BYTES / 2);
    String tooLong = fits + "é"; // 32,768 characters, under the limit; 65,536 bytes, over it
    client.upsert(UpsertReq.builder().collectionName(collection).data(List.of(row("fits", fits))).build());

    assertThatThrownBy(() -> client.upsert(UpsertReq.builder().collectionName(collection)
        .data(List.of(row("long", tooLong))).build())).isInstanceOf(MilvusClientException.class)
        .hasMessageContaining("exceeds max length");
    assertThat(store.get(List.of("fits", "long"))).extracting(r -> r.chunk().text()).containsExactly(fits);
  }

  private List<String> page(String filter, int limit) {
    QueryResp answer = client.query(QueryReq.builder().collectionName(collection).filter(filter)
        .outputFields(List.of("id")).limit(limit).consistencyLevel(ConsistencyLevel.STRONG)
        .queryParams(Map.of(Constant.ITERATOR_FIELD, true, Constant.REDUCE_STOP_FOR_BEST, false)).build());
    return answer.getQueryResults().stream().map(r -> (String) r.getEntity().get("id")).toList();
  }

  private SearchReq search(int limit) {
    return SearchReq.builder().collectionName(collection).annsField("vector").data(List.of(new FloatVec(
        new float[] {1, 0}))).limit(limit).consistencyLevel(ConsistencyLevel.STRONG).build();
  }

  private static JsonObject row(String id, String text) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    JsonArray vector = new JsonArray();
    vector.add(1f);
    vector.add(0f);
    row.add("vector", vector);
    row.addProperty("text", text);
    row.addProperty("quarry_record", "");
    row.add("quarry_eq", new JsonArray());
    row.add("quarry_min", new JsonObject());
    row.add("quarry_max", new JsonObject());
    return row;
  }
}
