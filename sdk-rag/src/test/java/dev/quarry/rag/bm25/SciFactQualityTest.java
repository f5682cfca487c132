package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.eval.RetrievalReport;
import dev.quarry.rag.retrieval.Bm25Retriever;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality on real data: BEIR SciFact (5,183 abstracts, 300 test queries), one chunk per abstract (title
 * and text), default English analyzer and BM25 parameters, nDCG@10 over the test qrels through {@link
 * Bm25Retriever} and {@link RetrievalEvaluator}. Published BM25 figures are 0.665 to 0.679. Tuning k1 and b on
 * the train judgments is a benchmark, {@code bench/run bm25-tune}.
 *
 * <p>The data lives outside the repository ({@code shared/data/scifact} beside it, or {@code -Dquarry.data=DIR}).
 * Following {@code shared/data/README.md}, unit tests must not need it on a user's machine, so without it this
 * test is skipped with the reason; under CI (environment variable {@code CI} set), where the data is always
 * beside the clone, missing data fails the test instead.
 */
class SciFactQualityTest {
  private static Path data;

  @BeforeAll
  static void findData() {
    data = locate();
    if (data == null) {
      String property = System.getProperty("quarry.data");
      String message = property != null
          ? "SciFact data not found: -Dquarry.data=" + property + " has no scifact/corpus.jsonl"
          : "SciFact data not found: looked for shared/data/scifact in the parents of "
              + Path.of("").toAbsolutePath() + "; set -Dquarry.data=<folder holding scifact/>";
      if (System.getenv("CI") != null) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
  }

  private static Path locate() {
    String property = System.getProperty("quarry.data");
    if (property != null) {
      Path set = Path.of(property, "scifact");
      return Files.isRegularFile(set.resolve("corpus.jsonl")) ? set : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path set = dir.resolve("shared/data/scifact");
      if (Files.isRegularFile(set.resolve("corpus.jsonl"))) {
        return set;
      }
    }
    return null;
  }

  @Test
  void ndcgAt10OnTheTestQueriesReachesPublishedBm25Figures() {
    long start = System.nanoTime();
    BeirDataset scifact = BeirDataset.open(data);
    try (Bm25Index index = Bm25Index.builder().build()) {
      index.upsert(corpus(scifact));
      RetrievalReport report = evaluate(index, scifact, "test");
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("SciFact BM25 (k1=%s, b=%s, %s), test qrels, %.1f s in all:%n%s", index.k1(), index.b(),
          index.analyzer(), seconds, report.table());
      assertThat(report.ndcg()).isGreaterThanOrEqualTo(0.65);
    }
  }

  /** One chunk per abstract: title and text. */
  private static List<Chunk> corpus(BeirDataset scifact) {
    List<Chunk> chunks = scifact.corpus().stream()
        .map(d -> new Chunk(d.id(), d.id(), d.text(), d.metadata(), 0, d.text().length()))
        .toList();
    assertThat(chunks).hasSize(5183);
    return chunks;
  }

  private static RetrievalReport evaluate(Bm25Index index, BeirDataset scifact, String split) {
    return RetrievalEvaluator.builder(Bm25Retriever.builder(index).build()).build()
        .evaluate(scifact.queries(), scifact.qrels(split));
  }
}
