package dev.quarry.examples;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.nio.file.Path;
import java.util.List;

/** The README's quickstart: ingest a folder, then find the passages that answer a question. */
public final class Quickstart {
  private Quickstart() {}

  public static List<SearchHit> run(Path folder, String question) {
    // quickstart:begin
    try (var model = OnnxEmbeddingModel.builder().build(); // all-MiniLM-L6-v2, bundled, offline
        var store = EmbeddedVectorStore.builder(model.dimension()).build()) {
      Ingestor.builder(model, store).build().ingest(FolderLoader.builder(folder).build());

      var retriever = DenseRetriever.builder(model, store).build();
      List<SearchHit> hits = retriever.retrieve(Query.of(question).withMaxResults(3));
      for (SearchHit hit : hits) {
        System.out.printf("%.3f  %s%n", hit.score(), hit.chunk().metadata().getString("source").orElse("?"));
      }
      return hits;
    }
    // quickstart:end
  }

  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "docs"), args.length > 1 ? args[1] : "What is Quarry?");
  }
}
