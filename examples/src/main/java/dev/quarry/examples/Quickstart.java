package dev.quarry.examples;

import dev.quarry.Quarry;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.pipeline.Answer;
import java.nio.file.Path;
import java.util.List;

/** The README's quickstart: ingest a folder into a store folder, find the passages for a question, and answer it. */
public final class Quickstart {
  private Quickstart() {}

  /** Ingests {@code docs} into the Quarry folder {@code store}, prints the best passages and the answer. */
  public static void run(Path docs, Path store, String question) {
    // quickstart:begin
    try (Quarry quarry = Quarry.open(store)) { // bge-small-en-v1.5 (bundled), HNSW + BM25 on disk, offline
      quarry.ingest(docs);

      List<SearchHit> hits = quarry.search(Query.of(question).withMaxResults(3)); // hybrid: meaning + keywords
      for (SearchHit hit : hits) {
        System.out.printf("%.3f  %s%n", hit.score(), hit.chunk().metadata().getString("source").orElse("?"));
      }
      Answer answer = quarry.ask(question); // extractive, cited; AnswerMode.chat(model) writes one
      System.out.println(answer.text());
    }
    // quickstart:end
  }

  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "docs"), Path.of(".quarry"),
        args.length > 1 ? args[1] : "How is the store kept safe on disk?");
  }
}
