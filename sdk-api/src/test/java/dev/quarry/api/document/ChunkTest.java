package dev.quarry.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkTest {

  private static Chunk chunk(String id, String documentId, int start, int end) {
    return new Chunk(id, documentId, "text", Metadata.empty(), start, end);
  }

  @Test
  void lengthIsTheSpanOfTheOffsets() {
    assertThat(chunk("d#0", "d", 10, 14).length()).isEqualTo(4);
  }

  @Test
  void acceptsAnEmptySpan() {
    assertThat(chunk("d#0", "d", 3, 3).length()).isZero();
  }

  @Test
  void rejectsNegativeStartOffset() {
    assertThatThrownBy(() -> chunk("d#0", "d", -1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk offsets must satisfy 0 <= startOffset <= endOffset, were -1, 3");
  }

  @Test
  void rejectsEndBeforeStart() {
    assertThatThrownBy(() -> chunk("d#0", "d", 5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk offsets must satisfy 0 <= startOffset <= endOffset, were 5, 4");
  }

  @Test
  void rejectsBlankIds() {
    assertThatThrownBy(() -> chunk("", "d", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk id must not be blank");
    assertThatThrownBy(() -> chunk("d#0", "\t", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk documentId must not be blank");
  }

  @Test
  void rejectsNullTextAndMetadata() {
    assertThatThrownBy(() -> new Chunk("d#0", "d", null, Metadata.empty(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk text must not be null");
    assertThatThrownBy(() -> new Chunk("d#0", "d", "", null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunk metadata must not be null");
  }
}
