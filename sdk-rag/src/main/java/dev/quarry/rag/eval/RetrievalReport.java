package dev.quarry.rag.eval;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link RetrievalEvaluator} run: metric means over the judged queries, latency percentiles of the
 * retrieval calls, and each query's figures.
 *
 * <p>Immutable and thread-safe.
 *
 * @param k the cut-off of nDCG, recall@k and MAP (10 by default)
 * @param depth how many hits each query retrieved; recall@depth and MRR use them all
 * @param ndcg mean nDCG@k
 * @param recall mean recall@k
 * @param recallAtDepth mean recall@depth
 * @param mrr mean reciprocal rank of the first relevant document within depth
 * @param map mean average precision within depth
 * @param p50 median latency of one retrieval call
 * @param p99 99th percentile latency (nearest rank)
 * @param queries each query's figures, in evaluation order
 */
public record RetrievalReport(int k, int depth, double ndcg, double recall, double recallAtDepth, double mrr,
    double map, Duration p50, Duration p99, List<QueryResult> queries) {

  public RetrievalReport {
    queries = List.copyOf(queries);
  }

  /** One query's figures. */
  public record QueryResult(String queryId, double ndcg, double recall, double recallAtDepth,
      double reciprocalRank, double averagePrecision, Duration latency) {}

  /** A small table: one line of headings, one of values. */
  public String table() {
    return String.format(Locale.ROOT, "%8s %8s %9s %9s %7s %7s %8s %8s%n%8d %8.4f %9.4f %9.4f %7.4f %7.4f %8.2f %8.2f%n",
        "queries", "nDCG@" + k, "recall@" + k, "recall@" + depth, "MRR", "MAP", "p50 ms", "p99 ms",
        queries.size(), ndcg, recall, recallAtDepth, mrr, map, millis(p50), millis(p99));
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
