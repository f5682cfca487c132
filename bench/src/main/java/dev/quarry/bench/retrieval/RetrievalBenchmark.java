package dev.quarry.bench.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.bench.Options;
import dev.quarry.bench.ann.Vectors;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.eval.RetrievalReport;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.retrieval.Normalization;
import dev.quarry.rag.splitter.TokenSplitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench/run retrieval --data ../shared/data/scifact}: BM25, dense and hybrid retrieval on a BEIR set, with
 * Quarry's own components end to end (Ingestor → HNSW store + BM25 index; DenseRetriever, Bm25Retriever,
 * HybridRetriever; RetrievalEvaluator).
 *
 * <p>The hybrid fusion is chosen on the {@code --tune-split} judgments (default {@code train}) from a small grid
 * (RRF with k = 60; convex fusion with α from 0.1 to 0.9 under min-max and z-score normalisation), never on the
 * reported split ({@code --split}, default {@code test}). Latencies are per query, one at a time on one thread,
 * and include embedding the query. The table's latencies are those of the evaluation calls ({@code --depth} hits,
 * each hybrid leg {@code --hybrid-depth} deep); the JSON's {@code p50_ms} and {@code p99_ms} are those of the hybrid
 * asked as an application asks: {@value #SERVED_HITS} hits, legs at the retriever's default depth, the best of
 * {@value #LATENCY_PASSES} passes by p99 (every pass is printed, with the CPU time stolen by the hypervisor). With {@code --scale <text200k cache>} the chosen hybrid also runs over the
 * 219,598 cached passages (vectors embedded earlier by {@code bench/run ann-data}) to time it at that size.
 *
 * <p>Options: {@code --model minilm|bge-small}, {@code --chunk-tokens 200} (0: one chunk per document), {@code
 * --depth 100}, {@code --hybrid-depth 100} (hits asked of each hybrid leg), {@code --scale-only true} (only the
 * timing at scale, with the fusion a full run chose).
 */
public final class RetrievalBenchmark {
  /** Hits per query when latency is measured as an application asks (the RAG pipeline's default is close). */
  static final int SERVED_HITS = 10;
  static final int LATENCY_PASSES = 3;

  private RetrievalBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    BeirDataset data = BeirDataset.open(Path.of(options.string("data", "../shared/data/scifact")));
    String modelName = options.string("model", "minilm");
    EmbeddingPreset preset = switch (modelName) {
      case "minilm" -> EmbeddingPreset.ALL_MINILM_L6_V2;
      case "bge-small" -> EmbeddingPreset.BGE_SMALL_EN_V15;
      default -> throw new IllegalArgumentException("--model must be minilm or bge-small, was " + modelName);
    };
    int chunkTokens = options.integer("chunk-tokens", 200);
    int depth = options.integer("depth", 100);
    int hybridDepth = options.integer("hybrid-depth", 100);
    String split = options.string("split", "test");
    String tuneSplit = options.string("tune-split", "train");
    String scale = options.string("scale", "");
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    Map<String, String> queries = data.queries();
    Qrels tuning = data.qrels(tuneSplit);
    Qrels judged = data.qrels(split);
    System.out.printf(Locale.ROOT, "retrieval %s: %s, model %s, chunks of %s, %s, processors=%d%n",
        data.folder(), date, modelName, chunkTokens == 0 ? "whole documents" : chunkTokens + " tokens", "depth " + depth,
        Runtime.getRuntime().availableProcessors());

    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().preset(preset).build()) {
      if (options.string("scale-only", "false").equals("true")) {
        // Latency at scale alone, with the fusion a full run chose on the train judgments.
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "retrieval-scale");
        json.put("date", date);
        json.put("fusion", "convex a=0.5 Z_SCORE (chosen by a full run)");
        json.putAll(atScale(Path.of(scale), model, preset, Fusion.convex(0.5, Normalization.Z_SCORE), hybridDepth,
            queries, judged));
        System.out.println();
        System.out.println(new ObjectMapper().writeValueAsString(json));
        return;
      }
      TokenSplitter splitter = TokenSplitter.builder(model.tokenizer())
          .chunkSize(chunkTokens == 0 ? 1_000_000 : chunkTokens).chunkOverlap(chunkTokens == 0 ? 0 : chunkTokens / 8)
          .build();
      var corpus = data.corpus();
      try (Quarry stack = Quarry.builder().embeddings(model, preset.name()).splitter(splitter).build()) {
        long start = System.nanoTime();
        stack.ingest(corpus);
        System.out.printf(Locale.ROOT, "indexed %d documents as %d chunks in %.1f s%n%n", corpus.size(),
            stack.count(), (System.nanoTime() - start) / 1e9);
        Retriever dense = stack.retriever(RetrievalMode.DENSE);
        Retriever bm25 = stack.retriever(RetrievalMode.KEYWORD);

        // Tuning: both legs once per tuning query, then every fusion of the grid over the cached lists.
        LegCache legs = new LegCache(dense, bm25, hybridDepth);
        Map<String, Double> grid = new LinkedHashMap<>();
        Map<String, Fusion> fusions = new LinkedHashMap<>();
        fusions.put("rrf k=60", Fusion.rrf());
        for (Normalization normalization : Normalization.values()) {
          for (int tenth = 1; tenth <= 9; tenth++) {
            fusions.put(String.format(Locale.ROOT, "convex a=%.1f %s", tenth / 10.0, normalization),
                Fusion.convex(tenth / 10.0, normalization));
          }
        }
        String best = null;
        for (var entry : fusions.entrySet()) {
          Fusion fusion = entry.getValue();
          Retriever fused = q -> cut(fusion.fuse(legs.lists(q)), q.maxResults());
          double ndcg = RetrievalEvaluator.builder(fused).depth(depth).warmUp(0).build().evaluate(queries, tuning).ndcg();
          grid.put(entry.getKey(), ndcg);
          if (best == null || ndcg > grid.get(best)) {
            best = entry.getKey();
          }
        }
        System.out.printf(Locale.ROOT, "fusion chosen on %s (%d queries): %s, nDCG@10 %.4f%n", tuneSplit, tuning.size(),
            best, grid.get(best));
        grid.forEach((name, ndcg) -> System.out.printf(Locale.ROOT, "  %-24s %.4f%n", name, ndcg));
        Fusion chosen = fusions.get(best);

        Map<String, RetrievalReport> reports = new LinkedHashMap<>();
        reports.put("bm25", evaluate(bm25, depth, queries, judged));
        reports.put("dense", evaluate(dense, depth, queries, judged));
        reports.put("hybrid", evaluate(hybrid(dense, bm25, chosen, hybridDepth), depth, queries, judged));
        System.out.printf(Locale.ROOT, "%n%s split, %d queries%n", split, judged.size());
        System.out.printf(Locale.ROOT, "%-8s %8s %10s %10s %7s %7s %8s %8s%n", "", "nDCG@10", "recall@10",
            "recall@" + depth, "MRR", "MAP", "p50 ms", "p99 ms");
        reports.forEach((name, r) -> System.out.printf(Locale.ROOT, "%-8s %8.4f %10.4f %10.4f %7.4f %7.4f %8.2f %8.2f%n",
            name, r.ndcg(), r.recall(), r.recallAtDepth(), r.mrr(), r.map(), ms(r.p50()), ms(r.p99())));
        System.out.println("hybrid as an application asks:");
        RetrievalReport served =
            latency(hybrid(dense, bm25, chosen, HybridRetriever.DEFAULT_DEPTH), queries, judged);
        System.out.printf(Locale.ROOT, "hybrid as an application asks (%d hits, legs %d deep): p50 %.2f ms, p99 %.2f ms%n",
            SERVED_HITS, HybridRetriever.DEFAULT_DEPTH, ms(served.p50()), ms(served.p99()));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "retrieval");
        json.put("data", data.folder().toString());
        json.put("date", date);
        json.put("model", modelName);
        json.put("chunk_tokens", chunkTokens);
        json.put("chunks", stack.count());
        json.put("split", split);
        json.put("queries", judged.size());
        json.put("fusion", best);
        json.put("fusion_tuned_on", tuneSplit);
        json.put("ndcg10_bm25", round(reports.get("bm25").ndcg()));
        json.put("ndcg10_dense", round(reports.get("dense").ndcg()));
        json.put("ndcg10_hybrid", round(reports.get("hybrid").ndcg()));
        json.put("recall100_hybrid", round(reports.get("hybrid").recallAtDepth()));
        json.put("p50_ms", round(ms(served.p50())));
        json.put("p99_ms", round(ms(served.p99())));
        json.put("p50_ms_depth100", round(ms(reports.get("hybrid").p50())));
        json.put("p99_ms_depth100", round(ms(reports.get("hybrid").p99())));
        if (!scale.isEmpty()) {
          json.putAll(atScale(Path.of(scale), model, preset, chosen, hybridDepth, queries, judged));
        }
        System.out.println();
        System.out.println(new ObjectMapper().writeValueAsString(json));
      }
    }
  }

  /** The chosen hybrid over the cached text200k passages: latency only (those passages have no judgments). */
  private static Map<String, Object> atScale(Path cache, OnnxEmbeddingModel model, EmbeddingPreset preset,
      Fusion fusion, int hybridDepth, Map<String, String> queries, Qrels judged) throws Exception {
    Path textsFile = cache.resolve("texts.txt");
    Path vectorsFile = cache.resolve("base.fvecs");
    if (!Files.isRegularFile(textsFile) || !Files.isRegularFile(vectorsFile)) {
      throw new IllegalArgumentException(cache + " has no texts.txt and base.fvecs: run bench/run ann-data first");
    }
    List<String> texts = Files.readAllLines(textsFile);
    float[][] vectors = Vectors.readFvecs(vectorsFile);
    if (texts.size() != vectors.length) {
      throw new IllegalArgumentException(cache + ": " + texts.size() + " texts but " + vectors.length + " vectors");
    }
    try (Quarry stack = Quarry.builder().embeddings(model, preset.name()).build()) {
      long indexNanos = storeEmbedded(stack, texts, vectors);
      Retriever denseLeg = stack.retriever(RetrievalMode.DENSE);
      Retriever bm25Leg = stack.retriever(RetrievalMode.KEYWORD);
      // Only the latencies mean anything here: the passages have no judgments.
      RetrievalReport bm25 = evaluate(bm25Leg, hybridDepth, queries, judged);
      RetrievalReport dense = evaluate(denseLeg, hybridDepth, queries, judged);
      RetrievalReport report = evaluate(hybrid(denseLeg, bm25Leg, fusion, hybridDepth), hybridDepth, queries, judged);
      System.out.println("  hybrid as an application asks:");
      RetrievalReport served =
          latency(hybrid(denseLeg, bm25Leg, fusion, HybridRetriever.DEFAULT_DEPTH), queries, judged);
      System.out.printf(Locale.ROOT, "%nat scale: %d passages indexed in %.1f s; over %d queries, %d hits each:%n",
          texts.size(), indexNanos / 1e9, report.queries().size(), hybridDepth);
      System.out.printf(Locale.ROOT, "  bm25   p50 %.2f ms, p99 %.2f ms%n", ms(bm25.p50()), ms(bm25.p99()));
      System.out.printf(Locale.ROOT, "  dense  p50 %.2f ms, p99 %.2f ms%n", ms(dense.p50()), ms(dense.p99()));
      System.out.printf(Locale.ROOT, "  hybrid p50 %.2f ms, p99 %.2f ms%n", ms(report.p50()), ms(report.p99()));
      System.out.printf(Locale.ROOT, "  hybrid as an application asks (%d hits, legs %d deep): p50 %.2f ms, p99 %.2f ms%n",
          SERVED_HITS, HybridRetriever.DEFAULT_DEPTH, ms(served.p50()), ms(served.p99()));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("scale_passages", texts.size());
      out.put("p50_ms_at_scale", round(ms(served.p50())));
      out.put("p99_ms_at_scale", round(ms(served.p99())));
      out.put("p50_ms_at_scale_depth100", round(ms(report.p50())));
      out.put("p99_ms_at_scale_depth100", round(ms(report.p99())));
      return out;
    }
  }

  /**
   * Latency of the retriever asked for {@value #SERVED_HITS} hits per query, the way an application asks: {@value
   * #LATENCY_PASSES} passes over the queries, each printed with the CPU time the hypervisor stole from this VM
   * meanwhile; the pass with the lowest p99 is kept, since interference only ever slows a pass down.
   */
  static RetrievalReport latency(Retriever retriever, Map<String, String> queries, Qrels qrels) {
    RetrievalReport best = null;
    for (int pass = 1; pass <= LATENCY_PASSES; pass++) {
      long[] before = CpuTimes.read();
      RetrievalReport report =
          RetrievalEvaluator.builder(retriever).k(SERVED_HITS).depth(SERVED_HITS).build().evaluate(queries, qrels);
      System.out.printf(Locale.ROOT, "    pass %d: p50 %.2f ms, p99 %.2f ms, stolen CPU %s%n", pass, ms(report.p50()),
          ms(report.p99()), CpuTimes.stolenShare(before, CpuTimes.read()));
      if (best == null || report.p99().compareTo(best.p99()) < 0) {
        best = report;
      }
    }
    return best;
  }

  /** Stores passages embedded earlier (the text200k cache), one chunk each, through {@code stack.store()}. */
  private static long storeEmbedded(Quarry stack, List<String> texts, float[][] vectors) {
    long start = System.nanoTime();
    int batch = 10_000;
    for (int from = 0; from < texts.size(); from += batch) {
      List<VectorRecord> records = new ArrayList<>(batch);
      for (int i = from; i < Math.min(texts.size(), from + batch); i++) {
        String id = "p" + i;
        records.add(new VectorRecord(new Chunk(id, id, texts.get(i), Metadata.empty(), 0, texts.get(i).length()),
            vectors[i]));
      }
      stack.store().upsert(records);
    }
    return System.nanoTime() - start;
  }

  /** The hybrid of the two legs with {@code fusion}, asking each leg for {@code depth} hits. */
  private static Retriever hybrid(Retriever dense, Retriever bm25, Fusion fusion, int depth) {
    return HybridRetriever.builder(dense, bm25).fusion(fusion).depth(depth).build();
  }

  private static RetrievalReport evaluate(Retriever retriever, int depth, Map<String, String> queries, Qrels qrels) {
    return RetrievalEvaluator.builder(retriever).depth(depth).build().evaluate(queries, qrels);
  }

  private static List<SearchHit> cut(List<SearchHit> hits, int n) {
    return hits.size() <= n ? hits : hits.subList(0, n);
  }

  static double ms(java.time.Duration d) {
    return d.toNanos() / 1e6;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** Each leg's hits per query text, retrieved once. */
  private static final class LegCache {
    private final Retriever dense;
    private final Retriever bm25;
    private final int depth;
    private final Map<String, List<List<SearchHit>>> cache = new HashMap<>();

    LegCache(Retriever dense, Retriever bm25, int depth) {
      this.dense = dense;
      this.bm25 = bm25;
      this.depth = depth;
    }

    List<List<SearchHit>> lists(Query query) {
      return cache.computeIfAbsent(query.text(), text -> {
        Query deep = new Query(text, Math.max(depth, query.maxResults()), Optional.empty());
        List<List<SearchHit>> lists = new ArrayList<>(2);
        lists.add(dense.retrieve(deep));
        lists.add(bm25.retrieve(deep));
        return lists;
      });
    }
  }
}
