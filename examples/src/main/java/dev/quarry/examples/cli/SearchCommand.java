package dev.quarry.examples.cli;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Print the chunks that best match a question (by meaning, keywords or both), with their sources.")
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The question or search text.")
  String text;

  @Option(names = "--store", description = "Store folder (default: ${DEFAULT-VALUE}).", defaultValue = StoreFolder.DEFAULT)
  Path store;

  @Option(names = {"-k", "--top"}, description = "How many chunks (default: ${DEFAULT-VALUE}).", defaultValue = "5")
  int k;

  @Option(names = "--retriever", paramLabel = "dense|bm25|hybrid",
      description = "dense, bm25 or hybrid (default: ${DEFAULT-VALUE}; dense when the store has no keyword index).",
      defaultValue = "hybrid", converter = RetrieverChoice.Converter.class)
  RetrieverChoice retriever;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    StoreFolder storeFolder = new StoreFolder(store).requireExisting();
    if (text.isBlank()) {
      throw new IllegalArgumentException("the search text is blank");
    }
    if (k < 1) {
      throw new IllegalArgumentException("--top must be at least 1, was " + k);
    }
    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().preset(storeFolder.model()).build();
        Indexes indexes = Indexes.open(storeFolder, model.dimension(), false)) {
      Retriever chosen = indexes.retriever(retriever, model, spec.commandLine().getErr());
      List<SearchHit> hits = chosen.retrieve(Query.of(text).withMaxResults(k));
      if (hits.isEmpty()) {
        out.println(indexes.vectors().count() == 0 ? "The store is empty." : "No chunk matches.");
      }
      int rank = 1;
      for (SearchHit hit : hits) {
        var metadata = hit.chunk().metadata();
        out.printf("%d. %.4f  %s  [chars %d-%d]%n", rank++, hit.score(),
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
