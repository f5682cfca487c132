package dev.quarry.examples.cli;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", description = "Print the chunks closest in meaning to a question, with scores and sources.")
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The question or search text.")
  String text;

  @Option(names = "--store", description = "Store folder (default: ${DEFAULT-VALUE}).", defaultValue = StoreFolder.DEFAULT)
  Path store;

  @Option(names = {"-k", "--top"}, description = "How many chunks (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  int k;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    StoreFolder storeFolder = new StoreFolder(store);
    if (!storeFolder.exists()) {
      spec.commandLine().getErr().println("No store in " + store.toAbsolutePath() + ": run 'quarry ingest <folder>' first.");
      return 2;
    }
    if (text.isBlank()) {
      spec.commandLine().getErr().println("The search text is blank.");
      return 2;
    }
    if (k < 1) {
      spec.commandLine().getErr().println("--top must be at least 1, was " + k);
      return 2;
    }
    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().preset(storeFolder.model()).build();
        EmbeddedVectorStore vectors =
            EmbeddedVectorStore.builder(model.dimension()).index(IndexOptions.hnsw()).folder(storeFolder.indexDir()).build()) {
      List<SearchHit> hits = DenseRetriever.builder(model, vectors).build().retrieve(Query.of(text).withMaxResults(k));
      if (hits.isEmpty()) {
        out.println("The store is empty.");
      }
      int rank = 1;
      for (SearchHit hit : hits) {
        var metadata = hit.chunk().metadata();
        out.printf("%d. %.3f  %s  [chars %d-%d]%n", rank++, hit.score(),
            metadata.getString("source").orElse(hit.chunk().documentId()), hit.chunk().startOffset(),
            hit.chunk().endOffset());
        out.println("   " + preview(hit.chunk().text()));
      }
    }
    return 0;
  }

  static String preview(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 240 ? flat : flat.substring(0, 237) + "...";
  }
}
