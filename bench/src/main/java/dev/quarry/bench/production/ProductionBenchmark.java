package dev.quarry.bench.production;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.bench.Options;
import dev.quarry.bench.guardrails.GuardrailsBenchmark;
import dev.quarry.cache.CaffeineAnswerCache;
import dev.quarry.cache.CachingEmbeddingModel;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.observation.GenAiMeters;
import dev.quarry.observation.ObservedEmbeddingModel;
import dev.quarry.observation.ObservedVectorStore;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.HybridRetriever;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run production --data ../shared/data/scifact}: the figures of Quarry's production features, side by
 * side in one run.
 *
 * <ol>
 *   <li><b>Observation overhead</b>: hybrid retrieval (MiniLM query embedding, HNSW, BM25, convex fusion) over
 *       the same indexes, unobserved and observed into a real {@link SimpleMeterRegistry} (Micrometer's default
 *       meter handler plus {@link GenAiMeters}), every query run both ways in alternating order; the ratio of the
 *       p50 latencies.
 *   <li><b>Re-ingest</b>: a folder of SciFact documents ingested into a store on disk through a persistent
 *       {@link CachingEmbeddingModel}, then the unchanged folder again (the ingestor skips chunks stored with the
 *       same content hash), then into a new, empty store with the cache warm: each against the first ingest.
 *   <li><b>Answer cache</b>: Quarry's default ask without a cache, against a semantic cache hit on a variant of
 *       a question asked before (see {@link #answerCache}).
 *   <li><b>Injection detector</b>: recall on the deepset/prompt-injections test split and false positives on the
 *       SciFact passages and NotInject, with the default threshold ({@code bench/run guardrails} has the details).
 * </ol>
 *
 * <p>Options: {@code --docs 2000} (documents ingested), {@code --queries 0} (all queries), {@code --rounds 3}
 * (passes over the queries for the overhead), {@code --work <dir>} (temporary files; a new temp folder by default),
 * {@code --injections bench/data/prompt-injection} (the labelled injection data).
 */
public final class ProductionBenchmark {
  private static final String MODEL_ID = EmbeddingPreset.ALL_MINILM_L6_V2.name();

  private ProductionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    BeirDataset data = BeirDataset.open(Path.of(options.string("data", "../shared/data/scifact")));
    int docs = options.integer("docs", 2000);
    int rounds = options.integer("rounds", 3);
    int queryLimit = options.integer("queries", 0);
    Path work = options.string("work", "").isEmpty()
        ? Files.createTempDirectory("quarry-production-bench") : Path.of(options.string("work", ""));
    Path injections = Path.of(options.string("injections", "bench/data/prompt-injection"));
    List<Document> corpus = data.corpus().stream().limit(docs).toList();
    List<String> queries = data.queries().values().stream().sorted()
        .limit(queryLimit > 0 ? queryLimit : Long.MAX_VALUE).toList();

    Path folder = writeFolder(work.resolve("docs"), corpus);
    Ingests ingests = ingests(folder, work);
    Overhead overhead;
    try (Quarry quarry = Quarry.open(work.resolve("store-a"))) {
      overhead = overhead(quarry, queries, rounds);
    }
    AnswerCacheFigures answerCache = answerCache(work.resolve("store-a"), queries);
    GuardrailsBenchmark.InjectionFigures injection =
        GuardrailsBenchmark.injectionFigures(injections, data.folder());

    System.out.printf(Locale.ROOT, "%nProduction features, SciFact (%d documents, %d queries x %d rounds), %s%n",
        corpus.size(), queries.size(), rounds, System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-64s %12s%n", "figure", "value");
    row("hybrid retrieval p50, no observation registry (ms)", overhead.p50NoneMs());
    row("hybrid retrieval p50, SimpleMeterRegistry (ms)", overhead.p50ObservedMs());
    row("hybrid retrieval p99, no observation registry (ms)", overhead.p99NoneMs());
    row("hybrid retrieval p99, SimpleMeterRegistry (ms)", overhead.p99ObservedMs());
    row("observation overhead, p50 ratio (target <= 1.03)", overhead.p50Ratio());
    row("first ingest of the folder (s)", ingests.firstSeconds());
    row("re-ingest of the unchanged folder (s)", ingests.reingestSeconds());
    row("re-ingest speedup (target >= 20)", ingests.firstSeconds() / ingests.reingestSeconds());
    row("ingest into a new store, embedding cache warm (s)", ingests.warmCacheSeconds());
    row("warm-cache ingest speedup", ingests.firstSeconds() / ingests.warmCacheSeconds());
    row("texts the model embedded on the warm-cache ingest", ingests.warmCacheMisses());
    row("injection recall, " + injection.dataset(), injection.recall());
    row("injection false positives, " + injection.scifactPassages() + " SciFact passages",
        injection.falsePositiveRate());
    row("injection false positives, NotInject hard negatives", injection.falsePositiveRateNotInject());
    row("ask p50, no answer cache, default extractive answers (ms)", answerCache.uncachedP50Ms());
    row("ask p50, semantic answer-cache hit (ms)", answerCache.hitP50Ms());
    row("semantic hit time / uncached ask (target <= 0.05)", answerCache.ratio());
    row("semantic hits of the variants (share)", answerCache.hitShare());

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "production");
    json.put("date", LocalDate.now().toString());
    json.put("documents", corpus.size());
    json.put("queries", queries.size());
    json.put("rounds", rounds);
    json.put("hybrid_p50_ms_none", round(overhead.p50NoneMs()));
    json.put("hybrid_p50_ms_observed", round(overhead.p50ObservedMs()));
    json.put("observation_overhead_p50_ratio", round(overhead.p50Ratio()));
    json.put("first_ingest_s", round(ingests.firstSeconds()));
    json.put("reingest_s", round(ingests.reingestSeconds()));
    json.put("reingest_speedup", round(ingests.firstSeconds() / ingests.reingestSeconds()));
    json.put("warm_cache_ingest_s", round(ingests.warmCacheSeconds()));
    json.put("warm_cache_ingest_speedup", round(ingests.firstSeconds() / ingests.warmCacheSeconds()));
    json.put("warm_cache_texts_embedded", ingests.warmCacheMisses());
    json.put("ask_p50_ms_uncached", round(answerCache.uncachedP50Ms()));
    json.put("ask_p50_ms_semantic_hit", round(answerCache.hitP50Ms()));
    json.put("semantic_cache_hit_time_ratio", round(answerCache.ratio()));
    json.put("semantic_cache_hit_share", round(answerCache.hitShare()));
    json.put("injection_dataset", injection.dataset());
    json.put("injection_recall", round(injection.recall()));
    json.put("injection_false_positive_rate", round(injection.falsePositiveRate()));
    json.put("injection_false_positive_rate_notinject", round(injection.falsePositiveRateNotInject()));
    System.out.println();
    System.out.println(new ObjectMapper().writeValueAsString(json));
  }

  /** The folder ingested: one text file per document. */
  private static Path writeFolder(Path folder, List<Document> corpus) throws IOException {
    Files.createDirectories(folder);
    for (Document document : corpus) {
      Files.writeString(folder.resolve(document.id().replaceAll("[^A-Za-z0-9_-]", "_") + ".txt"),
          document.text(), StandardCharsets.UTF_8);
    }
    return folder;
  }

  private record Ingests(double firstSeconds, double reingestSeconds, double warmCacheSeconds,
      long warmCacheMisses) {}

  private static Ingests ingests(Path folder, Path work) {
    Path cache = work.resolve("embedding-cache");
    double first;
    double again;
    try (OnnxEmbeddingModel onnx = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.ALL_MINILM_L6_V2).build();
        CachingEmbeddingModel cached = CachingEmbeddingModel.builder(onnx, MODEL_ID).folder(cache).build();
        Quarry quarry = Quarry.builder().folder(work.resolve("store-a")).embeddings(cached, MODEL_ID).build()) {
      long start = System.nanoTime();
      quarry.ingest(folder);
      first = seconds(start);
      System.out.printf(Locale.ROOT, "first ingest: %d chunks in %.1f s%n", quarry.count(), first);
      start = System.nanoTime();
      quarry.ingest(folder);
      again = seconds(start);
      System.out.printf(Locale.ROOT, "re-ingest: %.2f s%n", again);
    }
    try (OnnxEmbeddingModel onnx = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.ALL_MINILM_L6_V2).build();
        CachingEmbeddingModel cached = CachingEmbeddingModel.builder(onnx, MODEL_ID).folder(cache).build();
        Quarry quarry = Quarry.builder().folder(work.resolve("store-b")).embeddings(cached, MODEL_ID).build()) {
      long start = System.nanoTime();
      quarry.ingest(folder);
      double warm = seconds(start);
      System.out.printf(Locale.ROOT, "new store, warm cache: %d chunks in %.2f s (%s)%n", quarry.count(), warm,
          cached.stats());
      return new Ingests(first, again, warm, cached.stats().misses());
    }
  }

  private record AnswerCacheFigures(double uncachedP50Ms, double hitP50Ms, double hitShare) {
    double ratio() {
      return hitP50Ms / uncachedP50Ms;
    }
  }

  /**
   * Quarry's default ask (extractive, sentences scored by MiniLM) on {@code store}: first without a cache, each
   * question once; then with a semantic {@link CaffeineAnswerCache} (MiniLM, 0.95) filled with the same questions,
   * each asked again as a variant the exact cache does not match (a trailing " ?"), so every hit goes through the
   * semantic path: one query embedding and a scan of the entries.
   */
  private static AnswerCacheFigures answerCache(Path store, List<String> allQueries) {
    List<String> questions = allQueries.stream().limit(200).toList();
    long[] uncached = new long[questions.size()];
    try (Quarry quarry = Quarry.open(store)) {
      for (int i = 0; i < 20; i++) {
        quarry.ask(allQueries.get(allQueries.size() - 1 - i)); // warm-up on other questions
      }
      for (int i = 0; i < questions.size(); i++) {
        long start = System.nanoTime();
        quarry.ask(questions.get(i));
        uncached[i] = System.nanoTime() - start;
      }
    }
    List<Long> hits = new ArrayList<>();
    try (OnnxEmbeddingModel onnx = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.ALL_MINILM_L6_V2).build();
        Quarry quarry = Quarry.builder().folder(store).embeddings(onnx, MODEL_ID)
            .answerCache(CaffeineAnswerCache.builder().semantic(onnx, 0.95).build()).build()) {
      questions.forEach(quarry::ask);
      for (String question : questions) {
        long start = System.nanoTime();
        Answer answer = quarry.ask(question + " ?");
        long took = System.nanoTime() - start;
        if ("hit".equals(answer.metadata().get(Rag.CACHE))) {
          hits.add(took);
        }
      }
    }
    long[] hitNanos = hits.stream().mapToLong(Long::longValue).toArray();
    System.out.printf(Locale.ROOT, "answer cache: %d of %d variants were semantic hits%n", hits.size(),
        questions.size());
    return new AnswerCacheFigures(percentile(uncached, 0.5), hitNanos.length == 0 ? Double.NaN
        : percentile(hitNanos, 0.5), (double) hits.size() / questions.size());
  }

  private record Overhead(double p50NoneMs, double p50ObservedMs, double p99NoneMs, double p99ObservedMs) {
    double p50Ratio() {
      return p50ObservedMs / p50NoneMs;
    }
  }

  private static Overhead overhead(Quarry quarry, List<String> queries, int rounds) {
    EmbeddingModel model = quarry.embeddingModel();
    Retriever keyword = quarry.retriever(RetrievalMode.KEYWORD);
    Retriever plain = HybridRetriever.builder(DenseRetriever.builder(model, quarry.store()).build(), keyword)
        .fusion(Quarry.DEFAULT_FUSION).build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry registry = GenAiMeters.observationRegistry(meters);
    Retriever observed = HybridRetriever.builder(
            DenseRetriever.builder(ObservedEmbeddingModel.of(model, registry, "onnx", MODEL_ID),
                ObservedVectorStore.of(quarry.store(), registry, "quarry")).build(),
            keyword)
        .fusion(Quarry.DEFAULT_FUSION).observationRegistry(registry).build();
    Retriever[] variants = {plain, observed};
    for (int i = 0; i < Math.min(200, queries.size()); i++) { // warm-up, both ways
      plain.retrieve(Query.of(queries.get(i)));
      observed.retrieve(Query.of(queries.get(i)));
    }
    long[][] nanos = new long[2][queries.size() * rounds];
    int n = 0;
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < queries.size(); i++, n++) {
        int first = (i + round) % 2; // alternate which variant goes first
        for (int k = 0; k < 2; k++) {
          int variant = (first + k) % 2;
          Query query = Query.of(queries.get(i));
          long start = System.nanoTime();
          variants[variant].retrieve(query);
          nanos[variant][n] = System.nanoTime() - start;
        }
      }
    }
    System.out.printf(Locale.ROOT, "meters recorded: %d (%s)%n", meters.getMeters().size(),
        meters.find("quarry.retrieval").timers().stream().mapToLong(t -> t.count()).sum() + " retrievals timed");
    return new Overhead(percentile(nanos[0], 0.5), percentile(nanos[1], 0.5), percentile(nanos[0], 0.99),
        percentile(nanos[1], 0.99));
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void row(String label, double value) {
    System.out.printf(Locale.ROOT, "%-64s %12.3f%n", label, value);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
