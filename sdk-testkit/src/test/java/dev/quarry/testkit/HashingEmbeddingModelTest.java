package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashingEmbeddingModelTest {
  private final HashingEmbeddingModel model = new HashingEmbeddingModel(256);

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot; // unit vectors
  }

  @Test
  void textsSharingWordsPointTheSameWayAndOthersAreOrthogonal() {
    float[] cats = model.vector("Cats purr softly");

    assertThat(cosine(cats, model.vector("cats PURR, softly!"))).isCloseTo(1, within(1e-6));
    assertThat(cosine(cats, model.vector("cats sleep"))).isBetween(0.1, 0.9);
    assertThat(cosine(cats, model.vector("rockets launch"))).isZero();
  }

  @Test
  void vectorsHaveUnitLengthAndATextWithoutWordsGetsTheFirstAxis() {
    float[] vector = model.vector("a few words, a repeated word");
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }

    assertThat(norm).isCloseTo(1, within(1e-6));
    assertThat(model.vector("?!")).hasSize(256).startsWith(1, 0, 0);
  }

  @Test
  void rawCountsAreTheWordCountsUnscaled() {
    HashingEmbeddingModel raw = model.withRawCounts();
    float[] vector = raw.vector("tide tide tide");

    assertThat(vector).contains(3f).containsOnly(0f, 3f);
    assertThat(raw.vector("...")).startsWith(1, 0);
  }

  @Test
  void synonymsEmbedAsOneWord() {
    HashingEmbeddingModel felines = model.withSynonyms("cat", "cats", "Feline").withSynonyms("purr", "hums");

    assertThat(cosine(felines.vector("cats purr"), felines.vector("a feline hums"))).isGreaterThan(0.8);
    assertThat(cosine(model.vector("cats purr"), model.vector("a feline hums"))).isZero();
    assertThatThrownBy(() -> model.withSynonyms("cat")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.withSynonyms("cat", "two words")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordsDocumentsAndQueriesApart() {
    List<float[]> vectors = model.embedDocuments(List.of("first text", "second text"));
    float[] query = model.embedQuery("a question");

    assertThat(vectors).hasSize(2);
    assertThat(vectors.get(0)).containsExactly(model.vector("first text"));
    assertThat(query).containsExactly(model.vector("a question"));
    assertThat(model.documents()).containsExactly("first text", "second text");
    assertThat(model.queries()).containsExactly("a question");
    assertThat(model.embeddedTexts()).isEqualTo(3);
  }

  @Test
  void failingAfterFailsTheCallThatWouldPassTheLimitWhole() {
    HashingEmbeddingModel failing = model.failingAfter(2);

    failing.embedQuery("one");
    assertThatThrownBy(() -> failing.embedDocuments(List.of("two", "three")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test double");
    failing.embedDocuments(List.of("two"));
    assertThatThrownBy(() -> failing.embedQuery("three")).isInstanceOf(IllegalStateException.class);
    assertThat(failing.documents()).containsExactly("two");
    assertThatThrownBy(() -> model.failingAfter(0).embedQuery("x")).hasMessageContaining("test double");
  }

  @Test
  void refusesBadInput() {
    assertThatThrownBy(() -> new HashingEmbeddingModel(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedQuery(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedDocuments(List.of("ok", ""))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.failingAfter(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(model.embeddedTexts()).isZero();
  }

  @Test
  void aTokenWindowCountsWordTokenizerTokens() {
    assertThat(model.tokenWindow()).isEmpty();
    assertThat(model.withTokenWindow(50).tokenWindow()).hasValueSatisfying(window -> {
      assertThat(window.maxTokens()).isEqualTo(50);
      assertThat(window.tokenizer().countTokens("lighthouse keeper")).isEqualTo(5);
    });
  }
}
