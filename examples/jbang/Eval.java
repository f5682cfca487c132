///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS dev.quarry:quarry-bom:0.1.0-SNAPSHOT@pom
//DEPS dev.quarry:quarry
//DEPS org.slf4j:slf4j-nop:2.0.17
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector

import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.eval.RetrievalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval quality on a BEIR-format folder ({@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/<split>.tsv}):
 * the corpus is embedded and indexed in memory once, then BM25, dense and hybrid retrieval are each measured on the
 * split's judged queries (nDCG@10, recall@10, MRR@10), side by side.
 *
 * <pre>
 * bin/jbang examples/jbang/Eval.java ../shared/data/scifact test
 * </pre>
 */
public class Eval {
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: Eval.java <BEIR folder> [split, default test]  (the folder must exist)");
      System.exit(2);
    }
    BeirDataset dataset = BeirDataset.open(Path.of(args[0]));
    String split = args.length > 1 ? args[1] : "test";
    Qrels qrels = dataset.qrels(split);
    Map<String, String> queries = dataset.queries();
    try (Quarry quarry = Quarry.builder().build()) { // in memory, bundled bge-small
      long start = System.nanoTime();
      var ingested = quarry.ingest(dataset.corpus());
      System.out.printf(Locale.ROOT, "%s (%s): %d documents as %d chunks, embedded and indexed in %.1f s%n%n",
          dataset.folder().getFileName(), split, ingested.files().loaded(), ingested.chunks(),
          (System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "%-8s %8s %10s %8s %8s%n", "leg", "nDCG@10", "recall@10", "MRR@10", "queries");
      for (RetrievalMode mode : new RetrievalMode[] {RetrievalMode.KEYWORD, RetrievalMode.DENSE,
          RetrievalMode.HYBRID}) {
        RetrievalReport report = RetrievalEvaluator.builder(quarry.retriever(mode)).build().evaluate(queries, qrels);
        System.out.printf(Locale.ROOT, "%-8s %8.4f %10.4f %8.4f %8d%n", mode.name().toLowerCase(Locale.ROOT),
            report.ndcg(), report.recall(), report.mrr(), report.queries().size());
      }
    }
  }
}
