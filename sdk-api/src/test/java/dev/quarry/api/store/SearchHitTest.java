package dev.quarry.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import org.junit.jupiter.api.Test;

class SearchHitTest {
  private static final Chunk CHUNK = new Chunk("doc#1", "doc", "text", Metadata.empty(), 0, 4);

  @Test
  void idIsTheChunkId() {
    assertThat(new SearchHit(CHUNK, 0.5).id()).isEqualTo("doc#1");
  }

  @Test
  void acceptsNegativeAndInfiniteScores() {
    assertThat(new SearchHit(CHUNK, -3.0).score()).isEqualTo(-3.0);
    assertThat(new SearchHit(CHUNK, Double.NEGATIVE_INFINITY).score()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void rejectsNaNScoreNamingTheChunk() {
    assertThatThrownBy(() -> new SearchHit(CHUNK, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN")
        .hasMessageContaining("'doc#1'");
  }

  @Test
  void rejectsNullChunk() {
    assertThatThrownBy(() -> new SearchHit(null, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hit chunk must not be null");
  }
}
