package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.rag.pipeline.AnswerMode;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which model a build settles on when nothing is given, and the extractive threshold that goes with it. */
class EmbeddingChoiceTest {

  @Test
  void aNewStoreGetsTheDefaultModelAndAnUnrecordedOrRecordedOneKeepsItsOwn() {
    assertThat(idOf(Optional.empty(), Quarry.DEFAULT_MODEL)).isEqualTo("BGE_SMALL_EN_V15");
    assertThat(idOf(Optional.empty(), EmbeddingPreset.ALL_MINILM_L6_V2)).isEqualTo("ALL_MINILM_L6_V2");
    assertThat(idOf(Optional.of("all-minilm-l6-v2"), Quarry.DEFAULT_MODEL)).isEqualTo("ALL_MINILM_L6_V2");
  }

  @Test
  void theExtractiveThresholdIsTheModels() {
    var hashing = new HashingEmbeddingModel(384);
    assertThat(new EmbeddingChoice("BGE_SMALL_EN_V15", hashing, Optional.empty()).extractiveMinScore())
        .isEqualTo(0.60);
    assertThat(new EmbeddingChoice("bge-small-en-v15", hashing, Optional.empty()).extractiveMinScore())
        .isEqualTo(0.60); // another spelling of the preset
    assertThat(new EmbeddingChoice("ALL_MINILM_L6_V2", hashing, Optional.empty()).extractiveMinScore())
        .isEqualTo(AnswerMode.Extractive.DEFAULT_MIN_SIMILARITY);
    assertThat(new EmbeddingChoice("my-model-v1", hashing, Optional.empty()).extractiveMinScore())
        .isEqualTo(AnswerMode.Extractive.DEFAULT_MIN_SIMILARITY);
  }

  private static String idOf(Optional<String> recorded, EmbeddingPreset unrecorded) {
    EmbeddingChoice choice = EmbeddingChoice.resolve(null, null, null, null, recorded, unrecorded);
    try {
      return choice.id();
    } finally {
      choice.owned().ifPresent(model -> {
        try {
          model.close();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    }
  }
}
