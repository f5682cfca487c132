package dev.quarry.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import org.junit.jupiter.api.Test;

class VectorRecordTest {
  private static final Chunk CHUNK = new Chunk("doc#0", "doc", "hello", Metadata.empty(), 0, 5);

  @Test
  void mutatingTheCallersArrayDoesNotChangeTheRecord() {
    float[] vector = {1f, 2f, 3f};
    VectorRecord record = new VectorRecord(CHUNK, vector);

    vector[0] = 99f;

    assertThat(record.vector()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void mutatingTheReturnedArrayDoesNotChangeTheRecord() {
    VectorRecord record = new VectorRecord(CHUNK, new float[] {1f, 2f, 3f});

    record.vector()[0] = 99f;

    assertThat(record.vector()).containsExactly(1f, 2f, 3f);
  }

  @Test
  void returnsAFreshArrayOnEveryCall() {
    VectorRecord record = new VectorRecord(CHUNK, new float[] {1f, 2f});

    assertThat(record.vector()).isNotSameAs(record.vector());
  }

  @Test
  void idAndDimensionComeFromTheChunkAndTheVector() {
    VectorRecord record = new VectorRecord(CHUNK, new float[] {1f, 2f, 3f});

    assertThat(record.id()).isEqualTo("doc#0");
    assertThat(record.dimension()).isEqualTo(3);
  }

  @Test
  void rejectsNaNComponentNamingTheRecordAndTheIndex() {
    assertThatThrownBy(() -> new VectorRecord(CHUNK, new float[] {1f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'doc#0'")
        .hasMessageContaining("component 1 is NaN");
  }

  @Test
  void rejectsInfiniteComponent() {
    assertThatThrownBy(() -> new VectorRecord(CHUNK, new float[] {Float.NEGATIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 0 is -Infinity");
  }

  @Test
  void rejectsEmptyVector() {
    assertThatThrownBy(() -> new VectorRecord(CHUNK, new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void rejectsNullChunkAndNullVector() {
    assertThatThrownBy(() -> new VectorRecord(null, new float[] {1f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record chunk must not be null");
    assertThatThrownBy(() -> new VectorRecord(CHUNK, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
  }

  @Test
  void recordsWithEqualContentAreEqual() {
    VectorRecord a = new VectorRecord(CHUNK, new float[] {1f, 2f});
    VectorRecord b = new VectorRecord(CHUNK, new float[] {1f, 2f});
    VectorRecord c = new VectorRecord(CHUNK, new float[] {1f, 2.5f});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
  }

  @Test
  void toStringShowsIdAndDimensionButNotTheVector() {
    VectorRecord record = new VectorRecord(CHUNK, new float[] {0.125f, 2f});

    assertThat(record.toString()).contains("doc#0", "dimension=2").doesNotContain("0.125");
  }

  @Test
  void theViewShowsTheVectorAndCannotChangeIt() {
    VectorRecord record = new VectorRecord(CHUNK, new float[] {1, 2, 3});
    java.nio.FloatBuffer view = record.vectorView();
    float[] read = new float[3];
    view.get(read);
    assertThat(read).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> record.vectorView().put(0, 9f)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
    assertThat(record.vector()).containsExactly(1, 2, 3);
    assertThat(record.vectorView().position()).as("a fresh view each call").isZero();
  }
}
