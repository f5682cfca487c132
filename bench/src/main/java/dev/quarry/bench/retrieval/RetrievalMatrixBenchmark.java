package dev.quarry.bench.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.bench.Options;
import dev.quarry.cache.CachingEmbeddingModel;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.bm25.Bm25Analyzer;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.Normalization;
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
 * {@code bench/run retrieval-matrix --data ../shared/data}: BM25, dense and every fusion candidate on each collection
 * of the evaluation matrix, with Quarry's defaults (the one-object setup: default splitter, BM25 analyzer per
 * language, legs {@value Quarry.Builder#DEFAULT_DEPTH} deep) and no tuning on any of them. The collections:
 * SciFact and Cranfield from {@code --data}, and the ones converted into {@code --collections} (default {@code
 * bench/data/retrieval}: MS MARCO TREC DL, Vaswani, CMRC 2018 in Chinese; their README gives the provenance).
 *
 * <p>Per collection it prints nDCG@10 of BM25, dense, each fusion candidate and the oracle: the best fixed fusion of
 * a grid (convex fusion under min-max and z-score, alpha 0.1 to 0.9, and RRF), chosen on the collection's own test
 * judgments, which no default may do. {@link Fusion#adaptive()} is the label-free candidate; its figures are the
 * {@code *_adaptive*} keys of the JSON line. The JSON line carries, per collection, {@code ndcg10_bm25}, {@code
 * ndcg10_dense}, {@code ndcg10_hybrid_default} (the fusion of {@link Quarry#DEFAULT_FUSION}) and {@code
 * gain_vs_best_leg} (hybrid default minus the better leg), and at top level {@code collections}, {@code
 * min_gain_vs_best_leg} and {@code mean_gain_vs_best_leg}.
 *
 * <p>Options: {@code --model minilm|bge-small} (the encoder of the English collections; the Chinese one always uses
 * bge-small-zh with the SMART_CHINESE analyzer), {@code --only scifact,vaswani} (a subset), {@code --cache DIR}
 * (persistent embedding caches, one folder per model; default {@code ~/.cache/quarry-bench/embeddings}; {@code none}
 * to embed everything, for ingest throughput), {@code --dump DIR} (writes each collection's leg lists, for every query
 * judged in any split, to {@code DIR/<collection>.jsonl}: {@code {"query", "text", "dense": [[document, chunk,
 * score], ...], "bm25": [...]}}, for studying fusions offline), {@code --latency scifact} (the collections on which
 * Quarry's default hybrid is also timed as an application asks: {@value RetrievalBenchmark#SERVED_HITS} hits, each
 * question embedded afresh (never from the cache), the best of {@value RetrievalBenchmark#LATENCY_PASSES} passes by
 * p99; its p50 and p99 join the collection's JSON).
 */
public final class RetrievalMatrixBenchmark {
  private static final int DEPTH = Quarry.Builder.DEFAULT_DEPTH;

  private RetrievalMatrixBenchmark() {}

  /** One collection of the matrix: where it is, its language, and the split that is reported. */
  record Collection(String name, Path folder, String kind, boolean chinese) {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path shared = Path.of(options.string("data", "../shared/data"));
    Path converted = Path.of(options.string("collections", "bench/data/retrieval"));
    String modelName = options.string("model", "minilm");
    EmbeddingPreset english = switch (modelName) {
      case "minilm" -> EmbeddingPreset.ALL_MINILM_L6_V2;
      case "bge-small" -> EmbeddingPreset.BGE_SMALL_EN_V15;
      default -> throw new IllegalArgumentException("--model must be minilm or bge-small, was " + modelName);
    };
    String cacheOption = options.string("cache",
        Path.of(System.getProperty("user.home"), ".cache", "quarry-bench", "embeddings").toString());
    Optional<Path> cache = cacheOption.equals("none") ? Optional.empty() : Optional.of(Path.of(cacheOption));
    List<Collection> collections = new ArrayList<>(List.of(
        new Collection("scifact", shared.resolve("scifact"), "scientific claims, abstracts", false),
        new Collection("cranfield", shared.resolve("cranfield"), "aeronautics abstracts (1960s)", false),
        new Collection("msmarco-dl", converted.resolve("msmarco-dl"), "web passages, TREC DL 2019+2020", false),
        new Collection("vaswani", converted.resolve("vaswani"), "physics and electronics abstracts", false),
        new Collection("cmrc2018-zh", converted.resolve("cmrc2018-zh"), "Chinese Wikipedia paragraphs", true),
        new Collection("qbqtc-zh", converted.resolve("qbqtc-zh"), "Chinese web-page titles, browser queries", true)));
    if (options.has("only")) {
      List<String> only = List.of(options.string("only", "").split(","));
      collections.removeIf(c -> !only.contains(c.name()));
    }
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    System.out.printf(Locale.ROOT, "retrieval-matrix: %s, English encoder %s, Chinese encoder bge-small-zh, legs %d deep,"
        + " processors=%d%n", date, modelName, DEPTH, Runtime.getRuntime().availableProcessors());

    Map<String, Fusion> candidates = candidates();
    Map<String, Map<String, Object>> perCollection = new LinkedHashMap<>();
    for (Collection collection : collections) {
      EmbeddingPreset preset = collection.chinese() ? EmbeddingPreset.BGE_SMALL_ZH_V15 : english;
      boolean timed = List.of(options.string("latency", "scifact").split(",")).contains(collection.name());
      perCollection.put(collection.name(), run(collection, preset, cache, candidates,
          options.has("dump") ? Optional.of(Path.of(options.string("dump", ""))) : Optional.empty(), timed));
    }

    System.out.printf(Locale.ROOT, "%n%-12s %7s %7s %9s %6s %9s %6s %8s  %s%n", "collection", "bm25", "dense",
        "default", "gain", "adaptive", "gain", "oracle", "oracle fusion");
    double min = Double.POSITIVE_INFINITY;
    double sum = 0;
    for (var entry : perCollection.entrySet()) {
      Map<String, Object> r = entry.getValue();
      double gain = (double) r.get("gain_vs_best_leg");
      min = Math.min(min, gain);
      sum += gain;
      System.out.printf(Locale.ROOT, "%-12s %7.4f %7.4f %9.4f %+6.3f %9.4f %+6.3f %8.4f  %s%n", entry.getKey(),
          r.get("ndcg10_bm25"), r.get("ndcg10_dense"), r.get("ndcg10_hybrid_default"), gain, r.get("ndcg10_adaptive"),
          r.get("gain_adaptive_vs_best_leg"), r.get("ndcg10_oracle"), r.get("oracle_fusion"));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "retrieval-matrix");
    json.put("date", date);
    json.put("model", modelName);
    json.put("default_fusion", Quarry.DEFAULT_FUSION.toString());
    json.put("collections", perCollection.size());
    json.put("min_gain_vs_best_leg", round(min));
    json.put("mean_gain_vs_best_leg", round(sum / perCollection.size()));
    json.put("min_gain_adaptive_vs_best_leg", round(perCollection.values().stream()
        .mapToDouble(r -> (double) r.get("gain_adaptive_vs_best_leg")).min().orElse(Double.NaN)));
    json.put("mean_gain_adaptive_vs_best_leg", round(perCollection.values().stream()
        .mapToDouble(r -> (double) r.get("gain_adaptive_vs_best_leg")).average().orElse(Double.NaN)));
    json.put("per_collection", perCollection);
    System.out.println();
    System.out.println(new ObjectMapper().writeValueAsString(json));
  }

  /** The fusions tried on every collection: the defaults, RRF, and the grid the oracle picks from. */
  private static Map<String, Fusion> candidates() {
    Map<String, Fusion> fusions = new LinkedHashMap<>();
    fusions.put("default", Quarry.DEFAULT_FUSION);
    fusions.put("adaptive", Fusion.adaptive());
    fusions.put("rrf k=60", Fusion.rrf());
    for (Normalization normalization : Normalization.values()) {
      for (int tenth = 1; tenth <= 9; tenth++) {
        fusions.put(String.format(Locale.ROOT, "convex a=%.1f %s", tenth / 10.0, normalization),
            Fusion.convex(tenth / 10.0, normalization));
      }
    }
    return fusions;
  }

  private static Map<String, Object> run(Collection collection, EmbeddingPreset preset, Optional<Path> cache,
      Map<String, Fusion> candidates, Optional<Path> dump, boolean timed) throws Exception {
    BeirDataset data = BeirDataset.open(collection.folder());
    Map<String, String> queries = data.queries();
    Qrels judged = data.qrels("test");
    List<Document> corpus = data.corpus();
    String modelId = preset.name().toLowerCase(Locale.ROOT);
    try (OnnxEmbeddingModel onnx = OnnxEmbeddingModel.builder().preset(preset).build();
        CachingEmbeddingModel model = cached(onnx, modelId, cache);
        Quarry stack = Quarry.builder().embeddings(new LiveQueries(model, onnx), modelId)
            .analyzer(collection.chinese() ? Bm25Analyzer.SMART_CHINESE : Bm25Analyzer.ENGLISH).build()) {
      long start = System.nanoTime();
      stack.ingest(corpus);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "%n%s (%s): %d documents as %d chunks in %.1f s (%s), %d judged queries%n",
          collection.name(), collection.kind(), corpus.size(), stack.count(), seconds, model.stats(), judged.size());

      LegCache legs = new LegCache(stack.retriever(RetrievalMode.DENSE), stack.retriever(RetrievalMode.KEYWORD));
      if (dump.isPresent()) {
        dump(dump.get().resolve(collection.name() + ".jsonl"), data, queries, legs);
      }
      Map<String, Double> ndcg = new LinkedHashMap<>();
      ndcg.put("bm25", evaluate(q -> cut(legs.lists(q).get(1), q.maxResults()), queries, judged));
      ndcg.put("dense", evaluate(q -> cut(legs.lists(q).get(0), q.maxResults()), queries, judged));
      for (var candidate : candidates.entrySet()) {
        Fusion fusion = candidate.getValue();
        ndcg.put(candidate.getKey(), evaluate(q -> cut(fusion.fuse(legs.lists(q)), q.maxResults()), queries, judged));
      }
      String oracle = null;
      for (String name : candidates.keySet()) {
        boolean fixed = !name.equals("default") && !name.equals("adaptive");
        if (fixed && (oracle == null || ndcg.get(name) > ndcg.get(oracle))) {
          oracle = name;
        }
      }
      ndcg.forEach((name, value) -> System.out.printf(Locale.ROOT, "  %-24s %.4f%n", name, value));
      double bestLeg = Math.max(ndcg.get("bm25"), ndcg.get("dense"));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("documents", corpus.size());
      r.put("queries", judged.size());
      r.put("model", modelId);
      r.put("ingest_seconds", round(seconds));
      r.put("ndcg10_bm25", round(ndcg.get("bm25")));
      r.put("ndcg10_dense", round(ndcg.get("dense")));
      r.put("ndcg10_hybrid_default", round(ndcg.get("default")));
      r.put("gain_vs_best_leg", round(ndcg.get("default") - bestLeg));
      r.put("ndcg10_adaptive", round(ndcg.get("adaptive")));
      r.put("gain_adaptive_vs_best_leg", round(ndcg.get("adaptive") - bestLeg));
      r.put("ndcg10_rrf", round(ndcg.get("rrf k=60")));
      r.put("ndcg10_oracle", round(ndcg.get(oracle)));
      r.put("oracle_fusion", oracle);
      if (timed) {
        System.out.printf(Locale.ROOT, "  Quarry's default hybrid as an application asks (%d hits):%n",
            RetrievalBenchmark.SERVED_HITS);
        var served = RetrievalBenchmark.latency(stack.retriever(RetrievalMode.HYBRID), queries, judged);
        r.put("hybrid_p50_ms", round(RetrievalBenchmark.ms(served.p50())));
        r.put("hybrid_p99_ms", round(RetrievalBenchmark.ms(served.p99())));
      }
      return r;
    }
  }

  /**
   * Document embeddings from {@code cached}, query embeddings made afresh by {@code live} on every call: the timed
   * hybrid pays for embedding each question, as an application does (the leg lists of the quality figures are
   * computed once per query, so they pay it once).
   */
  private record LiveQueries(EmbeddingModel cached, EmbeddingModel live) implements EmbeddingModel {
    @Override
    public int dimension() {
      return cached.dimension();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
      return cached.embedDocuments(texts);
    }

    @Override
    public float[] embedQuery(String query) {
      return live.embedQuery(query);
    }

    @Override
    public Optional<TokenWindow> tokenWindow() {
      return cached.tokenWindow();
    }
  }

  /** Both legs' lists for every query judged in any split of {@code data}. */
  private static void dump(Path file, BeirDataset data, Map<String, String> queries, LegCache legs) throws Exception {
    Files.createDirectories(file.getParent());
    java.util.Set<String> judged = new java.util.TreeSet<>();
    try (var splits = Files.list(data.folder().resolve("qrels"))) {
      for (Path split : splits.toList()) {
        judged.addAll(data.qrels(split.getFileName().toString().replace(".tsv", "")).queryIds());
      }
    }
    ObjectMapper json = new ObjectMapper();
    try (var out = Files.newBufferedWriter(file)) {
      for (String id : judged) {
        String text = queries.get(id);
        if (text == null || text.isBlank()) {
          continue;
        }
        List<List<SearchHit>> lists = legs.lists(new Query(text, DEPTH, Optional.empty()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("query", id);
        line.put("text", text);
        line.put("dense", rows(lists.get(0)));
        line.put("bm25", rows(lists.get(1)));
        out.write(json.writeValueAsString(line));
        out.newLine();
      }
    }
  }

  private static List<List<Object>> rows(List<SearchHit> hits) {
    return hits.stream().map(h -> List.<Object>of(h.chunk().documentId(), h.id(), h.score())).toList();
  }

  private static CachingEmbeddingModel cached(OnnxEmbeddingModel onnx, String modelId, Optional<Path> cache)
      throws Exception {
    CachingEmbeddingModel.Builder builder = CachingEmbeddingModel.builder(onnx, modelId).maximumEntries(1_000_000);
    if (cache.isPresent()) {
      Path folder = cache.get().resolve(modelId);
      Files.createDirectories(folder);
      builder.folder(folder);
    }
    return builder.build();
  }

  private static double evaluate(Retriever retriever, Map<String, String> queries, Qrels judged) {
    return RetrievalEvaluator.builder(retriever).depth(DEPTH).warmUp(0).build().evaluate(queries, judged).ndcg();
  }

  private static List<SearchHit> cut(List<SearchHit> hits, int n) {
    return hits.size() <= n ? hits : hits.subList(0, n);
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** Each leg's hits per query text, {@link #DEPTH} deep, retrieved once: dense first, then BM25. */
  private static final class LegCache {
    private final Retriever dense;
    private final Retriever bm25;
    private final Map<String, List<List<SearchHit>>> cache = new HashMap<>();

    LegCache(Retriever dense, Retriever bm25) {
      this.dense = dense;
      this.bm25 = bm25;
    }

    List<List<SearchHit>> lists(Query query) {
      return cache.computeIfAbsent(query.text(), text -> {
        Query deep = new Query(text, DEPTH, Optional.empty());
        return List.of(dense.retrieve(deep), bm25.retrieve(deep));
      });
    }
  }
}
