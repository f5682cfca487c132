package dev.quarry.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's store API over Quarry's real embedded store (exact search, cosine). */
class QuarryEmbeddingStoreTest {
  private static final Embedding NORTH = Embedding.from(new float[] {0, 1, 0});
  private static final Embedding EAST = Embedding.from(new float[] {1, 0, 0});
  private static final Embedding NORTH_EAST = Embedding.from(new float[] {1, 1, 0});
  private static final Embedding SOUTH = Embedding.from(new float[] {0, -1, 0});

  private EmbeddedVectorStore quarryStore;
  private QuarryEmbeddingStore store;

  @BeforeEach
  void createStores() {
    quarryStore = EmbeddedVectorStore.builder(3).index(IndexOptions.exact()).build();
    store = QuarryEmbeddingStore.builder(quarryStore).build();
  }

  private static TextSegment segment(String text, Map<String, ?> metadata) {
    return TextSegment.from(text, new Metadata(metadata));
  }

  private static EmbeddingSearchRequest near(Embedding query, int maxResults, Filter filter) {
    return EmbeddingSearchRequest.builder()
        .queryEmbedding(query)
        .maxResults(maxResults)
        .minScore(0.0)
        .filter(filter)
        .build();
  }

  @Test
  void addsWithGeneratedIdsAndFindsTheNearestSegmentsWithTheirMetadata() {
    List<String> ids =
        store.addAll(
            List.of(NORTH, EAST, NORTH_EAST),
            List.of(
                segment("north", Map.of("lang", "en", "year", 2021)),
                segment("east", Map.of("lang", "fr", "year", 2019)),
                segment("north-east", Map.of("lang", "en", "year", 2024))));

    List<EmbeddingMatch<TextSegment>> matches = store.search(near(NORTH, 2, null)).matches();

    assertThat(ids).hasSize(3).doesNotHaveDuplicates().allSatisfy(id -> UUID.fromString(id));
    assertThat(quarryStore.count()).isEqualTo(3);
    assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactly(ids.get(0), ids.get(2));
    assertThat(matches.get(0).score()).isCloseTo(1.0, within(1e-6));
    assertThat(matches.get(1).score()).as("relevance of cosine 0.707").isCloseTo((Math.sqrt(0.5) + 1) / 2, within(1e-6));
    assertThat(matches.get(0).embedded()).isEqualTo(segment("north", Map.of("lang", "en", "year", 2021L)));
    assertThat(matches.get(0).embedded().metadata().getInteger("year")).isEqualTo(2021);
    assertThat(matches.get(0).embedding()).as("Quarry's search returns no vectors").isNull();
  }

  @Test
  void searchesOnlyAmongRecordsMatchingTheFilter() {
    store.addAll(
        List.of("n", "e", "ne"),
        List.of(NORTH, EAST, NORTH_EAST),
        List.of(
            segment("north", Map.of("lang", "en", "year", 2021)),
            segment("east", Map.of("lang", "fr", "year", 2019)),
            segment("north-east", Map.of("lang", "en", "year", 2024))));

    Filter englishAfter2022 = metadataKey("lang").isEqualTo("en").and(metadataKey("year").isGreaterThan(2022));
    Filter notEnglish = metadataKey("lang").isNotIn("en");

    assertThat(store.search(near(NORTH, 3, englishAfter2022)).matches())
        .extracting(EmbeddingMatch::embeddingId)
        .containsExactly("ne");
    assertThat(store.search(near(NORTH, 3, notEnglish)).matches())
        .extracting(EmbeddingMatch::embeddingId)
        .containsExactly("e");
  }

  @Test
  void scoresAreRelevanceOnLangChain4jsZeroToOneScaleByDefault() {
    store.addAll(List.of("n", "e", "s"), List.of(NORTH, EAST, SOUTH), null);

    List<EmbeddingMatch<TextSegment>> matches =
        store.search(EmbeddingSearchRequest.builder().queryEmbedding(NORTH).maxResults(3).minScore(0.4).build())
            .matches();

    assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactly("n", "e");
    assertThat(matches.get(0).score()).isCloseTo(1.0, within(1e-6));
    assertThat(matches.get(1).score()).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void storedScoresCanBePassedThroughAsTheyAre() {
    QuarryEmbeddingStore asStored =
        QuarryEmbeddingStore.builder(quarryStore).scores(QuarryEmbeddingStore.Scores.AS_STORED).build();
    asStored.addAll(List.of("n", "ne", "e", "s"), List.of(NORTH, NORTH_EAST, EAST, SOUTH), null);

    List<EmbeddingMatch<TextSegment>> matches =
        asStored.search(EmbeddingSearchRequest.builder().queryEmbedding(NORTH).maxResults(4).minScore(0.5).build())
            .matches();

    assertThat(matches).extracting(EmbeddingMatch::embeddingId).containsExactly("n", "ne");
    assertThat(matches.get(1).score()).isCloseTo(Math.sqrt(0.5), within(1e-6));
  }

  @Test
  void addingAnIdAgainReplacesItsRecord() {
    store.add("same", NORTH);
    store.add("same", EAST);

    assertThat(quarryStore.count()).isEqualTo(1);
    assertThat(store.search(near(EAST, 1, null)).matches().getFirst().score()).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void anEmbeddingWithoutSegmentComesBackWithoutOne() {
    String id = store.add(NORTH);

    EmbeddingMatch<TextSegment> match = store.search(near(NORTH, 1, null)).matches().getFirst();

    assertThat(match.embeddingId()).isEqualTo(id);
    assertThat(match.embedded()).isNull();
  }

  @Test
  void theDocumentIdComesFromSegmentMetadataWhenPresent() {
    store.addAll(
        List.of("c1", "c2"),
        List.of(NORTH, EAST),
        List.of(segment("one", Map.of(QuarryEmbeddingStore.DOCUMENT_ID_KEY, "manual.pdf")), segment("two", Map.of())));

    var hits = quarryStore.search(SearchRequest.builder(new float[] {1, 1, 0}).maxResults(2).build());

    assertThat(hits)
        .extracting(hit -> hit.chunk().documentId())
        .containsExactlyInAnyOrder("manual.pdf", "c2");
  }

  @Test
  void removesByIdsByFilterAndEverything() {
    store.addAll(
        List.of("a", "b", "c", "d"),
        List.of(NORTH, EAST, NORTH_EAST, SOUTH),
        List.of(
            segment("a", Map.of("lang", "en")),
            segment("b", Map.of("lang", "fr")),
            segment("c", Map.of("lang", "fr")),
            segment("d", Map.of("lang", "de"))));

    store.remove("a");
    assertThat(quarryStore.count()).isEqualTo(3);
    store.removeAll(metadataKey("lang").isEqualTo("fr"));
    assertThat(store.search(near(NORTH, 10, null)).matches()).extracting(EmbeddingMatch::embeddingId).containsExactly("d");
    store.removeAll();
    assertThat(quarryStore.count()).isZero();
  }

  @Test
  void refusesWhatCannotBeStoredOrTranslated() {
    assertThatThrownBy(() -> store.addAll(List.of("a"), List.of(NORTH, EAST), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same length");
    assertThatThrownBy(() -> store.add(Embedding.from(new float[] {1, 0})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.search(near(NORTH, 1, metadataKey("lang").containsString("e"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("containsString");
    assertThatThrownBy(() -> store.removeAll(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(quarryStore.count()).isZero();
  }
}
