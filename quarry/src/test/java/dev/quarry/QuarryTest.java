package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.memory.ChatMemory;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerKind;
import dev.quarry.rag.pipeline.Citation;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default stack end to end, with the bundled bge-small model (real) unless a test says otherwise. */
class QuarryTest {

  private static void writeCorpus(Path folder) throws Exception {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("volcanoes.md"),
        "# Volcanoes\n\nMagma rises through the crust and erupts as lava. Ash clouds can ground aircraft.");
    Files.writeString(folder.resolve("baking.txt"), "Bread dough rises because yeast ferments the sugars.");
    Files.writeString(folder.resolve("tides.html"), "<html><head><title>Tides</title></head><body><p>The Moon's"
        + " gravity pulls the oceans, causing two high tides a day.</p></body></html>");
  }

  @Test
  void ingestsSearchesEveryWayAndAnswersInMemory(@TempDir Path docs) throws Exception {
    writeCorpus(docs);
    try (Quarry quarry = Quarry.inMemory()) {
      IngestResult result = quarry.ingest(docs);

      assertThat(result.files().loaded()).isEqualTo(3);
      assertThat(quarry.count()).isEqualTo(3);
      assertThat(quarry.keywordGap()).isEmpty();
      String question = "Why does the sea level change twice a day?";
      assertThat(source(quarry.search(question).get(0))).endsWith("tides.html");
      assertThat(source(quarry.retriever(RetrievalMode.DENSE).retrieve(Query.of(question)).get(0)))
          .endsWith("tides.html");
      assertThat(source(quarry.retriever(RetrievalMode.KEYWORD).retrieve(Query.of("yeast")).get(0)))
          .endsWith("baking.txt");
      assertThat(quarry.search(Query.of(question).withMaxResults(1).withSearchOptions(SearchOptions.exactSearch())))
          .hasSize(1);

      Answer answer = quarry.ask("What makes bread dough rise?");
      assertThat(answer.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
      assertThat(answer.text()).contains("yeast").endsWith("[1]");
      assertThat(answer.citations()).extracting(Citation::number).containsExactly(1);

      Answer offTopic = quarry.ask("Who won the football world cup in 2014?");
      assertThat(offTopic.kind()).isEqualTo(AnswerKind.NOT_FOUND);
      assertThat(offTopic.text()).isEqualTo(Rag.NOTHING_FOUND);
      assertThat(offTopic.citations()).isEmpty();

      ChatMemory memory = MessageWindowMemory.builder("reader", 10).build();
      quarry.ask("What makes bread dough rise?", memory);
      assertThat(memory.messages()).hasSize(2).first().isEqualTo(new UserMessage("What makes bread dough rise?"));
    }
  }

  @Test
  void aFolderKeepsItsChunksAndItsModel(@TempDir Path tmp) throws Exception {
    Path docs = tmp.resolve("docs");
    writeCorpus(docs);
    Path folder = tmp.resolve("store");
    try (Quarry quarry = Quarry.open(folder)) {
      quarry.ingest(docs);
      assertThat(quarry.modelId()).isEqualTo("BGE_SMALL_EN_V15");
    }
    assertThat(Files.readString(folder.resolve("quarry.properties"))).contains("model=BGE_SMALL_EN_V15")
        .contains("dimension=384");

    try (Quarry reopened = Quarry.open(folder)) {
      assertThat(reopened.count()).isEqualTo(3);
      assertThat(reopened.keywordGap()).isEmpty();
      assertThat(source(reopened.retriever(RetrievalMode.KEYWORD).retrieve(Query.of("magma")).get(0)))
          .endsWith("volcanoes.md");
    }
  }

  @Test
  void aFolderRefusesAnotherModelByName(@TempDir Path folder) {
    try (Quarry quarry = Quarry.builder().folder(folder).build()) {
      assertThat(quarry.modelId()).isEqualTo("BGE_SMALL_EN_V15");
    }

    assertThatThrownBy(() -> Quarry.builder().folder(folder).embeddings(EmbeddingPreset.ALL_MINILM_L6_V2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filled by the embedding model BGE_SMALL_EN_V15, not ALL_MINILM_L6_V2");
    assertThatThrownBy(() -> Quarry.builder().folder(folder)
            .embeddings(new HashingEmbeddingModel(384), "hashing-v1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BGE_SMALL_EN_V15, not hashing-v1");
  }

  @Test
  void aFolderFilledUnderTheEarlierDefaultReopensWithIt(@TempDir Path folder) {
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(EmbeddingPreset.ALL_MINILM_L6_V2).build()) {
      quarry.ingest(List.of(new Document("d", "gravity pulls the oceans", Metadata.empty())));
    }

    try (Quarry reopened = Quarry.open(folder)) { // no model given: the folder's, not today's default
      assertThat(reopened.modelId()).isEqualTo("ALL_MINILM_L6_V2");
      assertThat(reopened.search("what pulls the oceans?")).hasSize(1);
    }
  }

  @Test
  void aFolderFilledByAnotherModelNeedsThatModelGiven(@TempDir Path folder) {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(16).withTokenWindow(50);
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(hashing, "hashing-v1").build()) {
      quarry.ingest(List.of(new Document("d", "gravity pulls the oceans", Metadata.empty())));
    }

    assertThatThrownBy(() -> Quarry.open(folder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hashing-v1', which is not a bundled preset")
        .hasMessageContaining(".embeddings(model, \"hashing-v1\")");
    try (Quarry reopened = Quarry.builder().folder(folder).embeddings(hashing, "hashing-v1").build()) {
      assertThat(reopened.count()).isEqualTo(1);
    }
  }

  @Test
  void aStoreWithRecordsButNoManifestHoldsTheFirstDefaultModel(@TempDir Path folder) throws Exception {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(384).withTokenWindow(50);
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(hashing, "ALL_MINILM_L6_V2").build()) {
      quarry.ingest(List.of(new Document("d", "gravity pulls the oceans", Metadata.empty())));
    }
    Files.delete(folder.resolve(QuarryFolder.MANIFEST)); // as a store made before manifests existed

    assertThatThrownBy(() -> Quarry.builder().folder(folder).embeddings(hashing, "hashing-v1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filled by the embedding model ALL_MINILM_L6_V2, not hashing-v1");
    assertThat(folder.resolve(QuarryFolder.MANIFEST)).doesNotExist();
    try (Quarry reopened = Quarry.builder().folder(folder).embeddings(hashing, "all-minilm-l6-v2").build()) {
      assertThat(reopened.count()).isEqualTo(1); // another spelling of the same preset
    }
  }

  @Test
  void aStoreWithoutAManifestOpensWithTheFirstDefaultModelWhenNoneIsGiven(@TempDir Path folder) throws Exception {
    try (Quarry quarry = Quarry.builder().folder(folder).embeddings(EmbeddingPreset.ALL_MINILM_L6_V2).build()) {
      quarry.ingest(List.of(new Document("d", "gravity pulls the oceans", Metadata.empty())));
    }
    Files.delete(folder.resolve(QuarryFolder.MANIFEST)); // as a store made before manifests existed

    try (Quarry reopened = Quarry.open(folder)) {
      assertThat(reopened.modelId()).isEqualTo("ALL_MINILM_L6_V2");
      assertThat(reopened.count()).isEqualTo(1);
    }
  }

  @Test
  void aFolderWhoseCreationWasCutShortTakesAnyModel(@TempDir Path folder) throws Exception {
    Files.createDirectories(folder.resolve("index")); // the store was created, the manifest never written
    try (Quarry quarry = Quarry.builder().folder(folder)
        .embeddings(new HashingEmbeddingModel(16).withTokenWindow(50), "hashing-v1").build()) {
      assertThat(quarry.modelId()).isEqualTo("hashing-v1");
    }
    assertThat(Files.readString(folder.resolve(QuarryFolder.MANIFEST))).contains("model=hashing-v1");
  }

  @Test
  void aFolderInUseIsRefusedNamingIt(@TempDir Path folder) {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(16);
    try (Quarry first = Quarry.builder().folder(folder).embeddings(hashing, "hashing-v1").build()) {
      assertThatThrownBy(() -> Quarry.builder().folder(folder).embeddings(hashing, "hashing-v1").build())
          .isInstanceOf(FolderLockedException.class)
          .hasMessageContaining("the Quarry folder " + folder.toAbsolutePath() + " is in use");
      assertThat(first.count()).isZero();
    }
  }

  @Test
  void theDefaultChunksFitTheModelsWindowSoNothingIsTruncated() throws Exception {
    Path repositoryDocs = Path.of("../docs");
    try (Quarry quarry = Quarry.inMemory()) {
      IngestResult result = quarry.ingest(repositoryDocs);

      assertThat(result.chunks()).isGreaterThan(10);
      assertThat(((OnnxEmbeddingModel) quarry.embeddingModel()).truncatedTexts()).isZero();
    }
  }

  @Test
  void aChunkSizeTheModelCannotReadIsRefused() {
    HashingEmbeddingModel windowed = new HashingEmbeddingModel(8).withTokenWindow(100);

    assertThatThrownBy(() -> Quarry.builder().embeddings(windowed, "h").chunkSize(101).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a chunk size of 101 tokens is more than the 100 the embedding model reads");
    assertThatThrownBy(() -> Quarry.builder().embeddings(new HashingEmbeddingModel(8), "h").chunkSize(50).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenWindow()");
    assertThatThrownBy(() -> Quarry.builder().embeddings(windowed, "h").chunkSize(10).chunkOverlap(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be smaller than chunkSize");
    try (Quarry quarry = Quarry.builder().embeddings(windowed, "h").chunkSize(3).chunkOverlap(0).build()) {
      IngestResult result = quarry.ingest(List.of(new Document("d", "one two six ten red tan", Metadata.empty())));
      assertThat(result.chunks()).isEqualTo(2);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Quarry.builder().folder(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("folder must not be null");
    assertThatThrownBy(() -> Quarry.builder().embeddings(new HashingEmbeddingModel(8), " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelId");
    assertThatThrownBy(() -> Quarry.builder().maxResults(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults must be >= 1");
    try (Quarry quarry = Quarry.builder().embeddings(new HashingEmbeddingModel(8), "h").build()) {
      assertThatThrownBy(() -> quarry.ingest((Path) null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> quarry.retriever(null)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String source(SearchHit hit) {
    return hit.chunk().metadata().getString("source").orElseThrow();
  }
}
