package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A Quarry retriever answering LangChain4j queries through {@link QuarryContentRetriever}. */
class QuarryContentRetrieverTest {

  /** Test double: a Quarry retriever that records its queries and returns fixed hits. */
  static final class FixedHitsTestRetriever implements Retriever {
    private final List<SearchHit> hits;
    private final List<Query> queries = new ArrayList<>();

    FixedHitsTestRetriever(SearchHit... hits) {
      this.hits = List.of(hits);
    }

    @Override
    public synchronized List<SearchHit> retrieve(Query query) {
      queries.add(query);
      return hits.subList(0, Math.min(hits.size(), query.maxResults()));
    }

    synchronized List<Query> queries() {
      return List.copyOf(queries);
    }
  }

  private static SearchHit hit(String id, String documentId, String text, Map<String, ?> metadata, double score) {
    return new SearchHit(new Chunk(id, documentId, text, Metadata.of(metadata), 0, text.length()), score);
  }

  @Test
  void eachHitBecomesContentWithTextMetadataScoreAndIds() {
    FixedHitsTestRetriever quarry =
        new FixedHitsTestRetriever(
            hit("guide#3", "guide", "RAG retrieves, then generates.", Map.of("page", 4, "draft", false), 0.82),
            hit("faq#1", "faq", "HyDE writes a hypothetical answer.", Map.of("tags", List.of("hyde", "rag")), 0.61));

    List<Content> contents =
        QuarryContentRetriever.builder(quarry).build().retrieve(dev.langchain4j.rag.query.Query.from("What is RAG?"));

    assertThat(contents).hasSize(2);
    Content first = contents.get(0);
    assertThat(first.textSegment().text()).isEqualTo("RAG retrieves, then generates.");
    assertThat(first.textSegment().metadata().toMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("page", 4L, "draft", "false", "document_id", "guide"));
    assertThat(first.metadata())
        .containsEntry(ContentMetadata.SCORE, 0.82)
        .containsEntry(ContentMetadata.EMBEDDING_ID, "guide#3");
    assertThat(contents.get(1).textSegment().metadata().getString("tags")).isEqualTo("[\"hyde\",\"rag\"]");
  }

  @Test
  void passesTheQueryTextMaxResultsAndFilterToQuarry() {
    FixedHitsTestRetriever quarry = new FixedHitsTestRetriever();
    Filter english = Filter.eq("lang", "en");

    QuarryContentRetriever.builder(quarry).maxResults(3).filter(english).build()
        .retrieve(dev.langchain4j.rag.query.Query.from("hybrid search"));

    assertThat(quarry.queries()).containsExactly(new Query("hybrid search", 3, Optional.of(english)));
  }

  @Test
  void keepsADocumentIdTheMetadataAlreadyHasAndSkipsChunksWithoutText() {
    FixedHitsTestRetriever quarry =
        new FixedHitsTestRetriever(
            hit("a", "doc-a", "Kept.", Map.of("document_id", "from-metadata"), 0.9),
            hit("b", "doc-b", "", Map.of(), 0.8));

    List<Content> contents =
        QuarryContentRetriever.builder(quarry).build().retrieve(dev.langchain4j.rag.query.Query.from("q"));

    assertThat(contents).singleElement()
        .satisfies(c -> assertThat(c.textSegment().metadata().getString("document_id")).isEqualTo("from-metadata"));
  }

  @Test
  void refusesBadOptions() {
    FixedHitsTestRetriever quarry = new FixedHitsTestRetriever();

    assertThatThrownBy(() -> QuarryContentRetriever.builder(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuarryContentRetriever.builder(quarry).maxResults(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults");
    assertThatThrownBy(() -> QuarryContentRetriever.builder(quarry).filter(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
