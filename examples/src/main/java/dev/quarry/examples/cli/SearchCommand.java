package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Print the chunks that best match a question (by meaning, keywords or both), with their sources.")
final class SearchCommand implements Callable<Integer> {
  private final Environment environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The question or search text.")
  String text;

  @Mixin StoreOptions store;

  @Option(names = {"-k", "--max-results"}, description = "How many chunks (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int maxResults;

  @Option(names = "--retriever", paramLabel = "dense|bm25|hybrid",
      description = "dense, bm25 or hybrid (default: ${DEFAULT-VALUE}).",
      defaultValue = "hybrid", converter = RetrievalModes.Converter.class)
  RetrievalMode retriever;

  SearchCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (text.isBlank()) {
      throw new IllegalArgumentException("the search text is blank");
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("--max-results must be at least 1, was " + maxResults);
    }
    try (Quarry quarry = store.builder(environment, true).retrieval(retriever).build()) {
      RetrievalModes.warnOfKeywordGap(retriever, quarry, spec.commandLine().getErr());
      List<SearchHit> hits = quarry.search(Query.of(text).withMaxResults(maxResults));
      if (hits.isEmpty()) {
        out.println(quarry.count() == 0 ? "The store is empty." : "No chunk matches.");
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
