package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.IndexCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest of a Quarry folder: what it records, and every way it can be unreadable. */
class QuarryFolderTest {
  @TempDir Path dir;

  private QuarryFolder storeWithManifest(String properties) throws Exception {
    Files.createDirectories(dir.resolve("index"));
    Files.writeString(dir.resolve("quarry.properties"), properties);
    return new QuarryFolder(dir);
  }

  @Test
  void anEmptyFolderRecordsNothingAndIsNoStore() {
    QuarryFolder folder = new QuarryFolder(dir);

    assertThat(folder.manifestModel()).isEmpty();
    assertThat(Quarry.exists(dir)).isFalse();
  }

  @Test
  void whatRecordWritesReadsBack() {
    QuarryFolder folder = new QuarryFolder(dir.resolve("new"));
    folder.record("BGE_SMALL_EN_V15", 384);

    assertThat(folder.manifestModel()).contains("BGE_SMALL_EN_V15");
    assertThat(folder.manifest()).content().contains("dimension=384");
    assertThat(dir.resolve("new")).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void aManifestWithoutAModelEntryIsAStoreMadeBeforeModelsWereRecorded() throws Exception {
    Files.createDirectories(dir.resolve("index"));
    assertThat(new QuarryFolder(dir).manifestModel()).isEmpty(); // decided with the store open: see QuarryTest
    assertThat(Quarry.exists(dir)).isTrue();

    assertThat(storeWithManifest("# no model entry\n").manifestModel()).contains(QuarryFolder.UNRECORDED_MODEL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"model=\n", "model=   \n"})
  void aBlankModelEntryIsADamagedManifestNamingTheFile(String properties) throws Exception {
    QuarryFolder folder = storeWithManifest(properties);

    assertThatThrownBy(folder::manifestModel)
        .isInstanceOfSatisfying(IndexCorruptedException.class, e -> assertThat(e.file()).isEqualTo(folder.manifest()))
        .hasMessageContaining("'model' entry is blank");
  }

  @Test
  void aManifestThatIsNotAPropertiesFileIsNamed() throws Exception {
    QuarryFolder folder = storeWithManifest("model=\\uZZZZ\n");

    assertThatThrownBy(folder::manifestModel)
        .isInstanceOf(IndexCorruptedException.class)
        .hasMessageContaining(folder.manifest().toString())
        .hasMessageContaining("not a properties file");
  }

  @Test
  void anUnknownModelIsRefusedNamingTheManifestTheValueAndTheChoices() throws Exception {
    storeWithManifest("model=GPT5\n");

    assertThatThrownBy(() -> Quarry.open(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("quarry.properties").toAbsolutePath().toString())
        .hasMessageContaining("'GPT5'")
        .hasMessageContaining("allowed: ALL_MINILM_L6_V2, BGE_SMALL_EN_V15")
        .hasMessageContaining("Builder.embeddings(model, \"GPT5\")");
  }

  @Test
  void existsRefusesNull() {
    assertThatThrownBy(() -> Quarry.exists(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("folder");
  }
}
