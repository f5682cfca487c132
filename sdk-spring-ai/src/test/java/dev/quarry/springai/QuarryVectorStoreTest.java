package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.store.VectorRecord;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.content.Media;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.util.MimeTypeUtils;

/** Round trips through {@link QuarryVectorStore} over Quarry's embedded store and a hashing embedding model. */
class QuarryVectorStoreTest {
  private static final int DIMENSION = 256;

  private final EmbeddedVectorStore quarry = EmbeddedVectorStore.builder(DIMENSION).build();
  private final HashingEmbeddingModel embeddings = new HashingEmbeddingModel(DIMENSION);
  private final VectorStore store = QuarryVectorStore.builder(quarry, embeddings).build();

  @AfterEach
  void close() {
    quarry.close();
  }

  private static Document doc(String id, String text, Map<String, Object> metadata) {
    return Document.builder().id(id).text(text).metadata(metadata).build();
  }

  private void addLibrary() {
    store.add(
        List.of(
            doc("cats", "cats purr and sleep all day", Map.of("genre", "pets", "year", 2021, "rating", 4.5f,
                "tags", List.of("cat", "home"), "indoor", true)),
            doc("dogs", "dogs bark and fetch sticks", Map.of("genre", "pets", "year", 2019L, "rating", 3.0)),
            doc("stars", "stars burn hydrogen into helium", Map.of("genre", "science", "year", 2024)),
            doc("rivers", "rivers carve valleys over ages", Map.of())));
  }

  private static List<String> ids(List<Document> documents) {
    return documents.stream().map(Document::getId).toList();
  }

  @Test
  void findsDocumentsWithTheirIdsTextMetadataAndScores() {
    addLibrary();

    List<Document> found = store.similaritySearch(SearchRequest.builder().query("why do cats purr").topK(2).build());

    assertThat(found).hasSize(2);
    Document best = found.getFirst();
    assertThat(best.getId()).isEqualTo("cats");
    assertThat(best.getText()).isEqualTo("cats purr and sleep all day");
    assertThat(best.getMetadata())
        .as("whole numbers read back as Long, Float as Double")
        .isEqualTo(Map.of("genre", "pets", "year", 2021L, "rating", 4.5, "tags", List.of("cat", "home"),
            "indoor", true));
    float[] query = embeddings.vector("why do cats purr");
    float[] cats = embeddings.vector("cats purr and sleep all day");
    double cosine = 0;
    for (int i = 0; i < DIMENSION; i++) {
      cosine += query[i] * cats[i];
    }
    assertThat(best.getScore()).isCloseTo(cosine, within(1e-5));
    assertThat(found.get(1).getScore()).isLessThanOrEqualTo(best.getScore());
    assertThat(embeddings.queries()).containsExactly("why do cats purr");
    assertThat(embeddings.documents()).hasSize(4);
  }

  @Test
  void replacesADocumentAddedAgainUnderItsId() {
    addLibrary();

    store.add(List.of(doc("cats", "cats hunt mice at night", Map.of("genre", "nature"))));

    assertThat(quarry.count()).isEqualTo(4);
    Document cats = store.similaritySearch(SearchRequest.builder().query("mice").topK(1).build()).getFirst();
    assertThat(cats.getId()).isEqualTo("cats");
    assertThat(cats.getText()).isEqualTo("cats hunt mice at night");
    assertThat(cats.getMetadata()).isEqualTo(Map.of("genre", "nature"));
  }

  @Test
  void keepsTheSplittersParentDocumentIdAsTheChunksDocumentId() {
    store.add(
        List.of(
            doc("part-0", "first part", Map.of(QuarryVectorStore.DOCUMENT_ID_KEY, "manual", "chunk_index", 0)),
            doc("alone", "a document on its own", Map.of())));

    List<VectorRecord> records = quarry.get(List.of("part-0", "alone"));
    assertThat(records.get(0).chunk().documentId()).isEqualTo("manual");
    assertThat(records.get(1).chunk().documentId()).isEqualTo("alone");
    assertThat(records.get(0).chunk().text()).isEqualTo("first part");
  }

  @Test
  void honoursTopK() {
    addLibrary();

    assertThat(store.similaritySearch(SearchRequest.builder().query("cats").topK(3).build())).hasSize(3);
    assertThat(store.similaritySearch(SearchRequest.builder().query("cats").topK(10).build())).hasSize(4);
    assertThat(store.similaritySearch(SearchRequest.builder().query("cats").topK(0).build())).isEmpty();
    assertThat(store.similaritySearch("cats")).as("Spring AI's default topK").hasSize(SearchRequest.DEFAULT_TOP_K);
  }

  @Test
  void dropsHitsBelowTheSimilarityThreshold() {
    addLibrary();
    SearchRequest.Builder request = SearchRequest.builder().query("cats purr all day").topK(10);

    List<Document> all = store.similaritySearch(request.similarityThresholdAll().build());
    List<Document> close = store.similaritySearch(request.similarityThreshold(0.5).build());
    List<Document> none = store.similaritySearch(request.similarityThreshold(1.0).build());

    assertThat(all).as("threshold 0 accepts every hit, unrelated ones (score 0) too").hasSize(4);
    assertThat(ids(close)).containsExactly("cats");
    assertThat(close.getFirst().getScore()).isGreaterThanOrEqualTo(0.5);
    assertThat(none).isEmpty();
  }

  @Test
  void filtersWithBuiltAndTextExpressions() {
    addLibrary();
    FilterExpressionBuilder b = new FilterExpressionBuilder();
    SearchRequest.Builder request = SearchRequest.builder().query("cats dogs stars rivers").topK(10);

    assertThat(ids(store.similaritySearch(request.filterExpression(b.eq("genre", "pets").build()).build())))
        .containsExactlyInAnyOrder("cats", "dogs");
    assertThat(ids(store.similaritySearch(request.filterExpression("genre == 'pets' && year >= 2020").build())))
        .containsExactly("cats");
    assertThat(ids(store.similaritySearch(request.filterExpression("year in [2019, 2024.0]").build())))
        .containsExactlyInAnyOrder("dogs", "stars");
    assertThat(ids(store.similaritySearch(request.filterExpression("genre != 'pets'").build())))
        .as("NE matches documents without the key")
        .containsExactlyInAnyOrder("stars", "rivers");
    assertThat(ids(store.similaritySearch(request.filterExpression("genre IS NULL").build())))
        .containsExactly("rivers");
    assertThat(ids(store.similaritySearch(request.filterExpression("tags == 'home' OR rating < 3.5").build())))
        .containsExactlyInAnyOrder("cats", "dogs");
    assertThat(ids(store.similaritySearch(request.filterExpression("NOT (indoor == true)").build())))
        .containsExactlyInAnyOrder("dogs", "stars", "rivers");
  }

  @Test
  void deletesByIdsIgnoringUnknownOnes() {
    addLibrary();

    store.delete(List.of("cats", "unknown"));

    assertThat(quarry.count()).isEqualTo(3);
    assertThat(quarry.get(List.of("cats"))).isEmpty();
    store.delete(List.of());
    assertThat(quarry.count()).isEqualTo(3);
  }

  @Test
  void refusesNullIdsDeletingNothing() {
    addLibrary();
    List<String> withNull = new ArrayList<>(List.of("cats"));
    withNull.add(null);

    assertThatThrownBy(() -> store.delete(withNull)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 1 is null");
    assertThatThrownBy(() -> store.delete((List<String>) null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(quarry.count()).isEqualTo(4);
  }

  @Test
  void deletesByFilter() {
    addLibrary();

    store.delete(new FilterExpressionBuilder().eq("genre", "pets").build());
    assertThat(quarry.get(List.of("cats", "dogs", "stars", "rivers"))).extracting(VectorRecord::id)
        .containsExactly("stars", "rivers");

    store.delete("year > 2020");
    assertThat(quarry.get(List.of("stars", "rivers"))).extracting(VectorRecord::id).containsExactly("rivers");
  }

  @Test
  void refusesBadFiltersDeletingNothing() {
    addLibrary();

    assertThatThrownBy(() -> store.delete("genre ==")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not parse");
    assertThatThrownBy(() -> store.delete(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(new FilterExpressionBuilder().gt("indoor", true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GT");
    assertThatThrownBy(() -> store.delete((org.springframework.ai.vectorstore.filter.Filter.Expression) null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(quarry.count()).isEqualTo(4);
  }

  @Test
  void refusesBadDocumentsStoringAndEmbeddingNothing() {
    addLibrary();
    long embedded = embeddings.embeddedTexts();
    Document good = doc("good", "a good document", Map.of());
    Map<String, Object> nested = new HashMap<>();
    nested.put("matrix", List.of(List.of(1, 2)));
    List<Document> withNull = new ArrayList<>(List.of(good));
    withNull.add(null);

    assertRefused(withNull, "document 1 is null");
    assertRefused(List.of(good, doc("empty", "", Map.of())), "'empty' has blank text");
    assertRefused(List.of(good, doc("blank", "  \n", Map.of())), "'blank' has blank text");
    assertRefused(
        List.of(good, Document.builder().id("image").media(new Media(MimeTypeUtils.IMAGE_PNG, URI.create("http://x/y.png")))
            .build()),
        "'image' has no text");
    assertRefused(List.of(good, doc("dated", "text", Map.of("when", new Date(0)))), "java.util.Date");
    assertRefused(List.of(good, doc("money", "text", Map.of("price", new BigDecimal("9.99")))), "java.math.BigDecimal");
    assertRefused(List.of(good, doc("mapped", "text", Map.of("author", Map.of("name", "x")))), "'author'");
    assertRefused(List.of(good, doc("nested", "text", nested)), "nested lists");
    assertRefused(List.of(good, doc("twice", "one", Map.of()), doc("twice", "two", Map.of())), "appears twice");
    assertThatThrownBy(() -> store.add(null)).isInstanceOf(IllegalArgumentException.class);

    assertThat(quarry.count()).isEqualTo(4);
    assertThat(quarry.get(List.of("good"))).isEmpty();
    assertThat(embeddings.embeddedTexts()).as("nothing embedded").isEqualTo(embedded);
    store.add(List.of());
    assertThat(quarry.count()).isEqualTo(4);
  }

  private void assertRefused(List<Document> documents, String message) {
    assertThatThrownBy(() -> store.add(documents))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void leavesTheStoreUntouchedWhenEmbeddingFails() {
    VectorStore failing = QuarryVectorStore.builder(quarry, embeddings.failingAfter(2)).build();
    failing.add(List.of(doc("a", "first", Map.of()), doc("b", "second", Map.of())));

    assertThatThrownBy(() -> failing.add(List.of(doc("c", "third", Map.of()), doc("d", "fourth", Map.of()))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test double");
    assertThat(quarry.count()).isEqualTo(2);
  }

  @Test
  void refusesBadSearches() {
    addLibrary();

    assertThatThrownBy(() -> store.similaritySearch((SearchRequest) null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.similaritySearch(SearchRequest.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(
            () -> store.similaritySearch(
                SearchRequest.builder().query("x").topK(0).filterExpression(
                    new FilterExpressionBuilder().in("genre", List.of()).build()).build()))
        .as("a bad filter is reported even when no hit is asked for")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IN");
  }

  @Test
  void exposesTheQuarryStoreAndChecksItsParts() {
    Optional<EmbeddedVectorStore> nativeClient = store.getNativeClient();
    assertThat(nativeClient).containsSame(quarry);
    assertThat(store.getName()).isEqualTo("QuarryVectorStore");

    assertThatThrownBy(() -> QuarryVectorStore.builder(null, embeddings)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuarryVectorStore.builder(quarry, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuarryVectorStore.builder(quarry, new HashingEmbeddingModel(DIMENSION + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimensions");
  }

  @Test
  void runsOnSpringAiEmbeddingsThroughTheEmbeddingBridge() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);
    VectorStore bridged =
        QuarryVectorStore.builder(quarry, SpringAiEmbeddingModel.builder(spring).dimension(DIMENSION).build()).build();

    bridged.add(List.of(doc("cats", "cats purr", Map.of()), doc("dogs", "dogs bark", Map.of())));

    assertThat(ids(bridged.similaritySearch(SearchRequest.builder().query("purr").topK(1).build())))
        .containsExactly("cats");
    assertThat(spring.calls()).containsExactly(List.of("cats purr", "dogs bark"), List.of("purr"));
  }
}
