package dev.quarry.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.embeddings.EmbeddingPreset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreFolderTest {
  @TempDir Path dir;

  private StoreFolder withManifest(String properties) throws Exception {
    Files.writeString(dir.resolve("quarry.properties"), properties);
    return new StoreFolder(dir);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "model=ALL_MINILM_L6_V2|ALL_MINILM_L6_V2", "model=BGE_SMALL_EN_V15|BGE_SMALL_EN_V15",
      "model=bge_small_en_v15|BGE_SMALL_EN_V15", "model=minilm|ALL_MINILM_L6_V2", "model=BGE-Small |BGE_SMALL_EN_V15",
      "# a store made before the model was recorded|ALL_MINILM_L6_V2"})
  void theModelIsReadByPresetNameOrShortNameInAnyCase(String properties, EmbeddingPreset expected) throws Exception {
    assertThat(withManifest(properties).model()).isEqualTo(expected);
  }

  @Test
  void whatWriteModelWritesReadsBack() {
    StoreFolder folder = new StoreFolder(dir);
    for (EmbeddingPreset preset : EmbeddingPreset.values()) {
      folder.writeModel(preset);
      assertThat(folder.model()).isEqualTo(preset);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GPT5", "", "all-minilm", "ALL_MINILM_L6_V3"})
  void anUnknownModelIsACorruptManifestNamingTheValueAndTheChoices(String value) throws Exception {
    StoreFolder folder = withManifest("model=" + value + "\n");

    assertThatThrownBy(folder::model)
        .isInstanceOfSatisfying(IndexCorruptedException.class,
            e -> assertThat(e.file()).isEqualTo(dir.resolve("quarry.properties")))
        .hasMessageContaining(dir.resolve("quarry.properties").toString())
        .hasMessageContaining("unknown embedding model '" + value + "' in its 'model' entry")
        .hasMessageContaining("allowed: ALL_MINILM_L6_V2 (or minilm), BGE_SMALL_EN_V15 (or bge-small)")
        .hasNoCause();
  }

  @Test
  void aManifestThatIsNotAPropertiesFileIsNamed() throws Exception {
    StoreFolder folder = withManifest("model=\\u12G4\n");

    assertThatThrownBy(folder::model)
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(dir.resolve("quarry.properties").toString())
        .hasMessageContaining("not a properties file");
  }
}
