package dev.quarry.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.splitter.RecursiveCharacterSplitter;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {
  private static OnnxEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = OnnxEmbeddingModel.builder().build();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static final RecursiveCharacterSplitter SMALL =
      RecursiveCharacterSplitter.builder().chunkSize(60).chunkOverlap(0).build();

  @Test
  void storesEveryChunkWithItsDocumentIdAndFindsItAgain() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    List<Document> docs =
        List.of(
            Document.of("birds", "Swallows migrate south in autumn. They return in spring to nest under roofs."),
            Document.of("stars", "A supernova is the explosion of a massive star at the end of its life."));
    List<Integer> events = new ArrayList<>();
    IngestResult result =
        Ingestor.builder(model, store)
            .splitter(SMALL)
            .batchSize(2)
            .listener(new IngestListener() {
              @Override
              public void onStored(int chunks, long total) {
                events.add(chunks);
              }
            })
            .build()
            .ingest(docs);

    assertThat(result.chunks()).isEqualTo(store.count()).isGreaterThan(2);
    assertThat(events.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) result.chunks());
    List<SearchHit> hits =
        DenseRetriever.builder(model, store).build().retrieve(Query.of("exploding star").withMaxResults(1));
    assertThat(hits.get(0).chunk().metadata().getString(Ingestor.DOCUMENT_ID)).contains("stars");
  }

  @Test
  void reingestingAShorterDocumentRemovesItsStaleChunks() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    Ingestor ingestor = Ingestor.builder(model, store).splitter(SMALL).build();
    ingestor.ingest(List.of(Document.of("d", "First sentence here. ".repeat(12)), Document.of("e", "Other text.")));
    long before = store.count();
    IngestResult again = ingestor.ingest(List.of(Document.of("d", "Only one short sentence now.")));
    assertThat(again.staleChunksRemoved()).isEqualTo(before - 2);
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  void theListenerHearsHowEachRunEnded() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    List<String> ends = new ArrayList<>();
    IngestListener listener = new IngestListener() {
      @Override
      public void onFinish(IngestResult result) {
        ends.add("finished " + result.chunks());
      }

      @Override
      public void onError(RuntimeException failure) {
        ends.add("failed");
      }
    };
    IngestResult result = Ingestor.builder(model, store).splitter(SMALL).listener(listener).build()
        .ingest(List.of(Document.of("d", "Some text to store. ".repeat(5))));
    EmbeddingModel failing = new HashingEmbeddingModel(model.dimension()).failingAfter(0);
    assertThatThrownBy(() -> Ingestor.builder(failing, store).splitter(SMALL).listener(listener).build()
        .ingest(List.of(Document.of("e", "Other text."))))
        .hasMessageContaining("test double");
    assertThat(ends).containsExactly("finished " + result.chunks(), "failed");
  }

  @Test
  void aFailingModelLeavesWhatWasStoredBefore() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    Ingestor.builder(model, store).splitter(SMALL).build()
        .ingest(List.of(Document.of("d", "Version one of the document. ".repeat(6))));
    long before = store.count();
    EmbeddingModel failing = new HashingEmbeddingModel(model.dimension()).failingAfter(0);
    assertThatThrownBy(
            () -> Ingestor.builder(failing, store).splitter(SMALL).build()
                .ingest(List.of(Document.of("d", "Version two, shorter."))))
        .hasMessageContaining("test double");
    assertThat(store.count()).isEqualTo(before);
    assertThat(store.search(SearchRequest.builder(model.embedQuery("version")).maxResults(100)
            .filter(Filter.eq(Ingestor.DOCUMENT_ID, "d")).build())).hasSize((int) before);
  }

  @Test
  void ingestsAFolderAndReportsBadFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.md"), "# Title\n\nSome words about gardens and flowers.");
    Files.writeString(dir.resolve("b.txt"), "");
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    AtomicInteger announced = new AtomicInteger(-1);
    IngestResult result =
        Ingestor.builder(model, store)
            .listener(new IngestListener() {
              @Override
              public void onStart(int files) {
                announced.set(files);
              }
            })
            .build()
            .ingest(FolderLoader.builder(dir).build());
    assertThat(announced.get()).isEqualTo(2);
    assertThat(result.files().loaded()).isEqualTo(1);
    assertThat(result.files().failures()).singleElement().satisfies(f -> assertThat(f.path()).contains("b.txt"));
    assertThat(store.count()).isEqualTo(result.chunks()).isPositive();
  }

  @Test
  void aSplitterWithItsOwnIdsStillHasStaleChunksReplaced() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    // A custom splitter: one chunk per line, with ids and no chunk_index of its own.
    dev.quarry.rag.splitter.DocumentSplitter lines = document -> {
      List<dev.quarry.api.document.Chunk> chunks = new ArrayList<>();
      int start = 0;
      for (String line : document.text().split("\n")) {
        chunks.add(new dev.quarry.api.document.Chunk("custom-" + java.util.UUID.randomUUID(), document.id(), line,
            document.metadata(), start, start + line.length()));
        start += line.length() + 1;
      }
      return chunks;
    };
    Ingestor ingestor = Ingestor.builder(model, store).splitter(lines).build();
    ingestor.ingest(List.of(Document.of("d", "one\ntwo\nthree")));
    ingestor.ingest(List.of(Document.of("d", "uno\ndos")));
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.search(SearchRequest.builder(model.embedQuery("x")).maxResults(5).build()))
        .extracting(SearchHit::id).containsExactlyInAnyOrder("d#0", "d#1");
  }

  @Test
  void duplicateDocumentIdsAreRefusedBeforeAnythingIsStored() {
    EmbeddedVectorStore store = EmbeddedVectorStore.builder(model.dimension()).build();
    Ingestor ingestor = Ingestor.builder(model, store).build();
    assertThatThrownBy(() -> ingestor.ingest(List.of(Document.of("a", "x"), Document.of("b", "y"),
            Document.of("a", "z"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' appears twice");
    assertThat(store.count()).isZero();
  }

  @Test
  void refusesAModelAndStoreOfDifferentDimensions() {
    assertThatThrownBy(() -> Ingestor.builder(model, EmbeddedVectorStore.builder(3).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("384-d")
        .hasMessageContaining("3-d");
  }
}
