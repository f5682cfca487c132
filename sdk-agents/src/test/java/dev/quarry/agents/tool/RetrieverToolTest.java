package dev.quarry.agents.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A retriever as a tool: its spec, its JSON hits, its settings. */
class RetrieverToolTest {
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * A <b>test double</b> for {@link Retriever}: returns fixed hits (more than asked for, to check the cap)
   * and records the queries it received.
   */
  static final class FixedRetrieverDouble implements Retriever {
    final List<Query> queries = Collections.synchronizedList(new ArrayList<>());
    private final List<SearchHit> hits;

    FixedRetrieverDouble(List<SearchHit> hits) {
      this.hits = hits;
    }

    @Override
    public List<SearchHit> retrieve(Query query) {
      queries.add(query);
      return hits;
    }
  }

  static SearchHit hit(String id, String text, double score, Map<String, ?> metadata) {
    return new SearchHit(new Chunk(id, "doc-" + id, text, Metadata.of(metadata), 0, text.length()), score);
  }

  static final List<SearchHit> HITS = List.of(
      hit("a#0", "Quarry embeds with ONNX.", 0.9, Map.of("source", "manual.pdf", "page", 3L)),
      hit("b#0", "HNSW is a graph index.", 0.7, Map.of()),
      hit("c#0", "BM25 ranks by terms.", 0.5, Map.of("source", "notes.md")));

  @Test
  void describesOneRequiredQueryArgument() throws Exception {
    RetrieverTool tool = RetrieverTool.builder(new FixedRetrieverDouble(HITS)).build();

    assertThat(tool.spec().name()).isEqualTo("search_documents");
    assertThat(tool.spec().description()).isEqualTo(RetrieverTool.DEFAULT_DESCRIPTION);
    JsonNode schema = mapper.readTree(tool.spec().parametersJsonSchema());
    assertThat(schema.path("properties").path("query").path("type").asText()).isEqualTo("string");
    assertThat(schema.path("required").toString()).isEqualTo("[\"query\"]");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void returnsTheHitsAsJsonWithTheirSourceWhenKnown() throws Exception {
    FixedRetrieverDouble retriever = new FixedRetrieverDouble(HITS);
    RetrieverTool tool = RetrieverTool.builder(retriever).maxResults(2).build();

    JsonNode hits = mapper.readTree(tool.execute("{\"query\":\"how are texts embedded?\"}"));

    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).path("id").asText()).isEqualTo("a#0");
    assertThat(hits.get(0).path("score").asDouble()).isEqualTo(0.9);
    assertThat(hits.get(0).path("text").asText()).isEqualTo("Quarry embeds with ONNX.");
    assertThat(hits.get(0).path("source").asText()).isEqualTo("manual.pdf");
    assertThat(hits.get(1).has("source")).isFalse();
    assertThat(retriever.queries).singleElement().satisfies(query -> {
      assertThat(query.text()).isEqualTo("how are texts embedded?");
      assertThat(query.maxResults()).isEqualTo(2);
      assertThat(query.filter()).isEmpty();
    });
  }

  @Test
  void appliesItsFilterAndName() throws Exception {
    FixedRetrieverDouble retriever = new FixedRetrieverDouble(List.of());
    Filter tenant = Filter.eq("tenant", "acme");
    RetrieverTool tool = RetrieverTool.builder(retriever).name("search_manuals").description("Manuals.")
        .filter(tenant).build();

    assertThat(tool.execute("{\"query\":\"x\"}")).isEqualTo("[]");
    assertThat(tool.spec().name()).isEqualTo("search_manuals");
    assertThat(retriever.queries.getFirst().filter()).contains(tenant);
  }

  @Test
  void inAToolBoxAMissingQueryIsAnErrorTheModelReads() {
    FixedRetrieverDouble retriever = new FixedRetrieverDouble(HITS);
    ToolBox tools = ToolBox.of(RetrieverTool.builder(retriever).build());

    ToolOutcome outcome = tools.execute(new ToolCall("c1", "search_documents", "{\"q\":\"x\"}"));

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).contains("missing required argument 'query'");
    assertThat(retriever.queries).isEmpty();
  }

  @Test
  void rejectsBlankQueriesAndBadSettings() {
    RetrieverTool tool = RetrieverTool.builder(new FixedRetrieverDouble(HITS)).build();
    assertThatThrownBy(() -> tool.execute("{\"query\":\"  \"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'query'");
    assertThatThrownBy(() -> RetrieverTool.builder(null)).hasMessageContaining("retriever");
    assertThatThrownBy(() -> RetrieverTool.builder(q -> List.of()).maxResults(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxResults must be at least 1, was 0");
    assertThatThrownBy(() -> RetrieverTool.builder(q -> List.of()).name("has space").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has space");
  }
}
