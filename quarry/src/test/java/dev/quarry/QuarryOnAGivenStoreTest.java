package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Quarry on a vector store the caller gives (as an application gives a server adapter): ingest and every
 * retrieval mode work over it, the keyword index and the model record stay in the folder, and closing the Quarry
 * leaves the caller's store open. The given store here is an in-memory embedded store standing in for a server.
 */
class QuarryOnAGivenStoreTest {
  private final HashingEmbeddingModel model = new HashingEmbeddingModel(32);

  @Test
  void ingestSearchAndAskRunOverTheGivenStoreAndCloseLeavesItOpen(@TempDir Path folder) {
    EmbeddedVectorStore given = EmbeddedVectorStore.builder(32).build();
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(model, "hashing-v1").vectorStore(given).build()) {
      quarry.ingest(List.of(Document.of("bread", "Sourdough bread rises with a starter of wild yeast."),
          Document.of("lighthouse", "The lighthouse flashes its white light every ten seconds.")));

      assertThat(given.count()).isEqualTo(2);
      assertThat(quarry.count()).isEqualTo(2);
      assertThat(quarry.keywordGap()).isEmpty();
      for (RetrievalMode mode : RetrievalMode.values()) {
        assertThat(quarry.retriever(mode).retrieve(dev.quarry.api.retrieval.Query.of("wild yeast starter")))
            .as("%s", mode).first().satisfies(h -> assertThat(h.chunk().documentId()).isEqualTo("bread"));
      }
      assertThat(quarry.search("sourdough starter")).first()
          .satisfies(h -> assertThat(h.chunk().documentId()).isEqualTo("bread"));
    }
    assertThat(given.count()).as("the caller's store is still open").isEqualTo(2);
    assertThatThrownBy(() -> Quarry.builder().folder(folder).vectorStore(given).build())
        .as("the folder recorded the model").hasMessageContaining("names the embedding model 'hashing-v1'");
  }

  @Test
  void aFilledStoreWhoseModelNoFolderRecordsNeedsTheModelGiven(@TempDir Path folder) {
    EmbeddedVectorStore given = EmbeddedVectorStore.builder(384).build();
    float[] vector = new float[384];
    vector[0] = 1;
    given.upsert(List.of(new VectorRecord(
        new Chunk("c1", "d1", "gravity pulls the oceans", Metadata.empty(), 0, 24), vector)));

    assertThatThrownBy(() -> Quarry.builder().folder(folder).vectorStore(given).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("records no embedding model, but its vector store already holds 1 chunks")
        .hasMessageContaining("Builder.embeddings");
    assertThat(folder.resolve(QuarryFolder.MANIFEST)).doesNotExist();
    try (Quarry quarry = Quarry.builder().folder(folder).vectorStore(given)
        .embeddings(dev.quarry.embeddings.EmbeddingPreset.ALL_MINILM_L6_V2).build()) {
      assertThat(quarry.modelId()).isEqualTo("ALL_MINILM_L6_V2");
    }
  }

  @Test
  void aStoreOfAnotherDimensionIsRefusedNamingBoth() {
    VectorStore given = EmbeddedVectorStore.builder(8).build();

    assertThatThrownBy(() -> Quarry.builder().embeddings(model, "hashing-v1").vectorStore(given).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 8-dimensional vectors")
        .hasMessageContaining("makes 32-dimensional ones");
  }
}
