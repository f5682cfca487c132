package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.ai.retry.TransientAiException;

/** {@link SpringAiEmbeddingModel} over a hashing Spring AI embedding model (a test double). */
class SpringAiEmbeddingModelTest {
  private static final int DIMENSION = 32;

  @Test
  void asksTheModelForItsDimensionOnceUnlessGiven() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);

    assertThat(SpringAiEmbeddingModel.builder(spring).build().dimension()).isEqualTo(DIMENSION);
    assertThat(spring.calls()).as("Spring AI's dimensions() embeds one probe text").hasSize(1);

    assertThat(SpringAiEmbeddingModel.builder(spring).dimension(DIMENSION).build().dimension()).isEqualTo(DIMENSION);
    assertThat(spring.calls()).hasSize(1);
  }

  @Test
  void embedsDocumentsInBatchesInOrder() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);
    SpringAiEmbeddingModel model = SpringAiEmbeddingModel.builder(spring).dimension(DIMENSION).batchSize(3).build();
    List<String> texts = IntStream.range(0, 7).mapToObj(i -> "text number " + i).toList();

    List<float[]> vectors = model.embedDocuments(texts);

    assertThat(spring.calls()).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(spring.calls().stream().flatMap(List::stream).toList()).isEqualTo(texts);
    assertThat(vectors).hasSize(7);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i)).containsExactly(spring.expected(texts.get(i)));
    }
    assertThat(model.embedDocuments(List.of())).isEmpty();
    assertThat(spring.calls()).as("no call for no texts").hasSize(3);
  }

  @Test
  void putsThePrefixesBeforeQueriesAndDocuments() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);
    SpringAiEmbeddingModel model =
        SpringAiEmbeddingModel.builder(spring)
            .dimension(DIMENSION)
            .queryPrefix("query: ")
            .documentPrefix("passage: ")
            .build();

    float[] query = model.embedQuery("cats");
    model.embedDocuments(List.of("dogs", "birds"));

    assertThat(spring.calls()).containsExactly(List.of("query: cats"), List.of("passage: dogs", "passage: birds"));
    assertThat(query).containsExactly(spring.expected("query: cats"));
  }

  @Test
  void returnsFreshCopiesOfTheVectors() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);
    SpringAiEmbeddingModel model = SpringAiEmbeddingModel.builder(spring).dimension(DIMENSION).build();

    float[] first = model.embedQuery("same words");
    first[0] = 42;
    List<float[]> documents = model.embedDocuments(List.of("same words", "same words"));

    assertThat(model.embedQuery("same words")).containsExactly(spring.expected("same words"));
    assertThat(documents.get(0)).isNotSameAs(documents.get(1)).containsExactly(spring.expected("same words"));
  }

  @Test
  void refusesRepliesOfTheWrongShape() {
    SpringAiEmbeddingModel dropping =
        SpringAiEmbeddingModel.builder(
                HashingSpringAiEmbeddingModel.reshaping(DIMENSION, vectors -> vectors.subList(0, vectors.size() - 1)))
            .dimension(DIMENSION)
            .build();
    SpringAiEmbeddingModel shortening =
        SpringAiEmbeddingModel.builder(
                HashingSpringAiEmbeddingModel.reshaping(
                    DIMENSION, vectors -> vectors.stream().map(v -> new float[DIMENSION - 1]).toList()))
            .dimension(DIMENSION)
            .build();

    assertThatThrownBy(() -> dropping.embedDocuments(List.of("a", "b")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("1 vectors for 2 texts");
    assertThatThrownBy(() -> shortening.embedQuery("a"))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("31 dimensions, expected 32");
  }

  @Test
  void refusesBlankTextsBeforeCallingTheModel() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);
    SpringAiEmbeddingModel model = SpringAiEmbeddingModel.builder(spring).dimension(DIMENSION).build();
    List<String> withNull = new ArrayList<>(List.of("fine"));
    withNull.add(null);

    assertThatThrownBy(() -> model.embedDocuments(List.of("fine", " "))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text 1");
    assertThatThrownBy(() -> model.embedDocuments(withNull)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedDocuments(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedQuery("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(spring.calls()).isEmpty();
  }

  @Test
  void mapsFailures() {
    TransientAiException overloaded = new TransientAiException("503 - overloaded");
    SpringAiEmbeddingModel model =
        SpringAiEmbeddingModel.builder(
                HashingSpringAiEmbeddingModel.reshaping(DIMENSION, vectors -> {
                  throw overloaded;
                }))
            .dimension(DIMENSION)
            .build();

    assertThatThrownBy(() -> model.embedQuery("a")).isInstanceOf(RetriableException.class).hasCause(overloaded);
    assertThatThrownBy(
            () -> SpringAiEmbeddingModel.builder(HashingSpringAiEmbeddingModel.reshaping(DIMENSION, vectors -> {
              throw overloaded;
            })).build())
        .as("asking for the dimension fails the same way")
        .isInstanceOf(RetriableException.class);
  }

  @Test
  void validatesItsOptions() {
    HashingSpringAiEmbeddingModel spring = new HashingSpringAiEmbeddingModel(DIMENSION);

    assertThatThrownBy(() -> SpringAiEmbeddingModel.builder(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpringAiEmbeddingModel.builder(spring).dimension(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpringAiEmbeddingModel.builder(spring).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpringAiEmbeddingModel.builder(spring).queryPrefix(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
