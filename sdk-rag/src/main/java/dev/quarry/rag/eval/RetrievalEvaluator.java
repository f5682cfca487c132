package dev.quarry.rag.eval;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures a {@link Retriever} against relevance judgments: nDCG@k, recall@k and recall@depth, MRR and MAP, and
 * the latency of each retrieval call.
 *
 * <pre>{@code
 * BeirDataset scifact = BeirDataset.open(Path.of("data/scifact"));
 * RetrievalReport report = RetrievalEvaluator.builder(retriever).build()
 *     .evaluate(scifact.queries(), scifact.qrels("test"));
 * System.out.print(report.table());
 * }</pre>
 *
 * <p>Hits are chunks; a chunk counts as its document ({@code Chunk.documentId()}), and only a document's best
 * ranked chunk counts, so a document split into many chunks is neither rewarded nor punished for it. Only
 * queries that have judgments are run (as BEIR does), one at a time on the calling thread, so the latencies are
 * those of single queries. A run first retrieves {@value #DEFAULT_WARM_UP} queries untimed, so the figures do not
 * include class loading and compilation.
 *
 * <p>Thread-safe if the retriever is; a run keeps its state on the calling thread.
 */
public final class RetrievalEvaluator {
  public static final int DEFAULT_K = 10;
  public static final int DEFAULT_DEPTH = 100;
  public static final int DEFAULT_WARM_UP = 20;

  private final Retriever retriever;
  private final int k;
  private final int depth;
  private final int warmUp;

  private RetrievalEvaluator(Builder b) {
    this.retriever = b.retriever;
    this.k = b.k;
    this.depth = b.depth;
    this.warmUp = b.warmUp;
  }

  public static Builder builder(Retriever retriever) {
    if (retriever == null) {
      throw new IllegalArgumentException("retriever must not be null");
    }
    return new Builder(retriever);
  }

  /**
   * Runs every judged query that has a text in {@code queries}.
   *
   * @throws IllegalArgumentException if no judged query has a text
   */
  public RetrievalReport evaluate(Map<String, String> queries, Qrels qrels) {
    if (queries == null || qrels == null) {
      throw new IllegalArgumentException("queries and qrels must not be null");
    }
    List<String> ids = qrels.queryIds().stream().filter(id -> queries.get(id) != null && !queries.get(id).isBlank())
        .toList();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("none of the " + qrels.size() + " judged queries has a text");
    }
    for (int i = 0; i < Math.min(warmUp, ids.size()); i++) {
      retriever.retrieve(new Query(queries.get(ids.get(i)), depth, java.util.Optional.empty()));
    }
    List<RetrievalReport.QueryResult> results = new ArrayList<>(ids.size());
    for (String id : ids) {
      long start = System.nanoTime();
      List<SearchHit> hits = retriever.retrieve(new Query(queries.get(id), depth, java.util.Optional.empty()));
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      List<String> ranked = documents(hits);
      Map<String, Integer> grades = qrels.grades(id);
      results.add(new RetrievalReport.QueryResult(id, RankingMetrics.ndcg(ranked, grades, k),
          RankingMetrics.recall(ranked, grades, k), RankingMetrics.recall(ranked, grades, depth),
          RankingMetrics.reciprocalRank(ranked, grades, depth), RankingMetrics.averagePrecision(ranked, grades, depth),
          latency));
    }
    List<Duration> latencies = results.stream().map(RetrievalReport.QueryResult::latency).sorted().toList();
    return new RetrievalReport(k, depth, mean(results, RetrievalReport.QueryResult::ndcg),
        mean(results, RetrievalReport.QueryResult::recall), mean(results, RetrievalReport.QueryResult::recallAtDepth),
        mean(results, RetrievalReport.QueryResult::reciprocalRank),
        mean(results, RetrievalReport.QueryResult::averagePrecision), percentile(latencies, 50),
        percentile(latencies, 99), results);
  }

  /** Document ids of the hits, best first, each once. */
  static List<String> documents(List<SearchHit> hits) {
    Set<String> ids = new LinkedHashSet<>();
    for (SearchHit hit : hits) {
      ids.add(hit.chunk().documentId());
    }
    return List.copyOf(ids);
  }

  /** Nearest-rank percentile of sorted values. */
  static Duration percentile(List<Duration> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double mean(List<RetrievalReport.QueryResult> results,
      java.util.function.ToDoubleFunction<RetrievalReport.QueryResult> metric) {
    return results.stream().mapToDouble(metric).average().orElse(0);
  }

  /** Options of a {@link RetrievalEvaluator}. Not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private int k = DEFAULT_K;
    private int depth = DEFAULT_DEPTH;
    private int warmUp = DEFAULT_WARM_UP;

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /** The cut-off of nDCG, recall@k; default {@value #DEFAULT_K}. */
    public Builder k(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("k must be at least 1, was " + k);
      }
      this.k = k;
      return this;
    }

    /** Hits retrieved per query, for recall@depth, MRR and MAP; default {@value #DEFAULT_DEPTH}. */
    public Builder depth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("depth must be at least 1, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    /** Queries retrieved untimed before the run; default {@value #DEFAULT_WARM_UP}, 0 for none. */
    public Builder warmUp(int queries) {
      if (queries < 0) {
        throw new IllegalArgumentException("warm-up must be 0 or more queries, was " + queries);
      }
      this.warmUp = queries;
      return this;
    }

    /** @throws IllegalArgumentException if depth is below k */
    public RetrievalEvaluator build() {
      if (depth < k) {
        throw new IllegalArgumentException("depth (" + depth + ") must be at least k (" + k + ")");
      }
      return new RetrievalEvaluator(this);
    }
  }
}
