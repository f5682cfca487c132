package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderTest {
  private final RecordingEmbeddingModel model = new RecordingEmbeddingModel(4);

  @Test
  void requiresAModel() {
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(null, "id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("model must not be null");
  }

  @Test
  void requiresANonBlankModelIdentityOfAtMost4096Bytes() {
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(model, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("modelIdentity must not be null");
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(model, "  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("modelIdentity must not be blank");
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(model, "é".repeat(2049)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modelIdentity must be at most 4096 bytes in UTF-8, was 4098");
    assertThat(CachingEmbeddingModel.builder(model, "é".repeat(2048)).build().modelIdentity()).hasSize(2048);
  }

  @Test
  void requiresAtLeastOneEntryInMemory() {
    CachingEmbeddingModel.Builder builder = CachingEmbeddingModel.builder(model, "id");
    assertThatThrownBy(() -> builder.maximumEntries(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maximumEntries must be >= 1, was 0");
    assertThatThrownBy(() -> builder.maximumEntries(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumEntries");
    assertThat(builder.maximumEntries(1).build().embedDocuments(List.of("a", "b"))).hasSize(2);
  }

  @Test
  void requiresANonNullFolder() {
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(model, "id").folder(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("folder must not be null");
  }

  @Test
  void refusesAModelWithoutAPositiveDimension() {
    EmbeddingModel broken = new EmbeddingModel() {
      @Override
      public int dimension() {
        return 0;
      }

      @Override
      public List<float[]> embedDocuments(List<String> texts) {
        throw new UnsupportedOperationException();
      }

      @Override
      public float[] embedQuery(String query) {
        throw new UnsupportedOperationException();
      }
    };
    assertThatThrownBy(() -> CachingEmbeddingModel.builder(broken, "id").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.dimension()")
        .hasMessageContaining("was 0");
  }

  @Test
  void defaultsToOneHundredThousandEntries() {
    assertThat(CachingEmbeddingModel.DEFAULT_MAXIMUM_ENTRIES).isEqualTo(100_000);
  }
}
