package dev.quarry.bench.stores;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.rag.retrieval.Fusion;
import dev.quarry.rag.retrieval.HybridRetriever;
import dev.quarry.rag.retrieval.Normalization;
import dev.quarry.rag.splitter.TokenSplitter;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.chroma.ChromaVectorStore;
import dev.quarry.vectorstore.pgvector.PgVectorStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code bench/run stores --data ../shared/data/scifact}: Quarry's pgvector and Chroma adapters against
 * LangChain4j's own ({@code langchain4j-pgvector}, {@code langchain4j-chroma}) on the same real servers, started and
 * stopped here with the scripts CI uses.
 *
 * <p>SciFact is split (200-token chunks) and embedded with MiniLM once, by Quarry's {@code Ingestor} into the
 * embedded store and a BM25 index (the reference); the same records, chunk text, vectors and the document id and
 * title as metadata, are then written into each server store in slices of {@code --slice} records (1,000), after
 * a warm-up in which each adapter writes the first two slices into a table or collection of its own, each
 * library in its default configuration: Quarry's tables and collections with their HNSW index, LangChain4j's
 * pgvector table without an index (its default; its IVFFlat index would be built on an empty table) and its Chroma
 * collection with Chroma's HNSW. On pgvector Quarry is also measured like for like, without an index ({@code
 * hnswIndex(false)}: exact searches), as the {@code pgvector_no_index_*} figures. Ingest is timed from the first slice to the last acknowledgement. Then the 300 test
 * queries (embedded once) are searched for 10 hits, one at a time, after a warm-up pass: p50 latency per store, and
 * recall@10 against exact search over the same vectors. Last, Quarry's hybrid (BM25 + dense, convex α 0.5 z-score,
 * legs 100 deep) over the pgvector store is scored by nDCG@10 on the test judgments next to the same hybrid over the
 * embedded store.
 *
 * <p>Ratios: ingest {@code LangChain4j time / Quarry time} (above 1: Quarry faster); query {@code Quarry p50 /
 * LangChain4j p50} (below 1: Quarry faster).
 */
public final class StoresBenchmark {
  private static final int K = 10;
  private static final int DEPTH = 100;

  private StoresBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path data = Path.of(options.getOrDefault("data", "../shared/data/scifact"));
    int slice = Integer.parseInt(options.getOrDefault("slice", "1000"));
    String split = options.getOrDefault("split", "test");
    Path repository = Path.of(System.getProperty("quarry.root", "."));
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    BeirDataset beir = BeirDataset.open(data);
    Map<String, String> queries = beir.queries();
    Qrels judged = beir.qrels(split);
    System.out.printf(Locale.ROOT, "stores %s: %s, processors=%d%n", beir.folder(), date,
        Runtime.getRuntime().availableProcessors());

    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.ALL_MINILM_L6_V2).build();
        Bm25Index keywords = Bm25Index.builder().build();
        TestServers servers = new TestServers(repository)) {
      EmbeddedVectorStore embedded = EmbeddedVectorStore.builder(model.dimension()).build();
      CapturingStore capture = new CapturingStore(keywords.syncing(embedded));
      long start = System.nanoTime();
      Ingestor.builder(model, capture).splitter(TokenSplitter.builder(model.tokenizer()).chunkSize(200)
          .chunkOverlap(25).build()).build().ingest(beir.corpus());
      List<VectorRecord> records = capture.records();
      System.out.printf(Locale.ROOT, "embedded %d chunks in %.1f s%n", records.size(), (System.nanoTime() - start) / 1e9);

      List<String> queryIds = new ArrayList<>(judged.queryIds());
      List<float[]> queryVectors = new ArrayList<>();
      for (String id : queryIds) {
        queryVectors.add(model.embedQuery(queries.get(id)));
      }
      List<Set<String>> exact = exactTop(records, queryVectors);
      double referenceNdcg = ndcg(hybrid(model, embedded, keywords), queries, judged);

      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", "stores");
      json.put("data", beir.folder().toString());
      json.put("date", date);
      json.put("chunks", records.size());
      json.put("queries", queryIds.size());
      json.put("slice", slice);
      List<String[]> rows = new ArrayList<>();

      String pgUrl = servers.pgvector();
      try (HikariDataSource pool = pool(pgUrl)) {
        dropTables(pool);
        PgVectorStore quarry = PgVectorStore.builder(pool, model.dimension()).table("bench_quarry").build();
        PgVectorStore quarryExact = PgVectorStore.builder(pool, model.dimension()).table("bench_quarry_exact")
            .hnswIndex(false).build();
        EmbeddingStore<TextSegment> langchain4j = PgVectorEmbeddingStore.datasourceBuilder().datasource(pool)
            .table("bench_langchain4j").dimension(model.dimension()).createTable(true).dropTableFirst(true).build();
        // Warm-up: each adapter writes the first slices into a table of its own first, so that neither pays for
        // the JVM's or the server's first calls in the timed run.
        List<VectorRecord> warmUp = records.subList(0, Math.min(records.size(), 2 * slice));
        ingest(PgVectorStore.builder(pool, model.dimension()).table("bench_warm_quarry").build(), warmUp, slice);
        ingest(PgVectorEmbeddingStore.datasourceBuilder().datasource(pool).table("bench_warm_langchain4j")
            .dimension(model.dimension()).createTable(true).dropTableFirst(true).build(), warmUp, slice);
        Side q = measureQuarry(quarry, records, slice, queryVectors, exact);
        Side qe = measureQuarry(quarryExact, records, slice, queryVectors, exact);
        Side l = measureLangChain4j(langchain4j, records, slice, queryVectors, exact);
        double hybridNdcg = ndcg(hybrid(model, quarry, keywords), queries, judged);
        rows.add(q.row("pgvector", "Quarry"));
        rows.add(qe.row("pgvector", "Quarry, no index"));
        rows.add(l.row("pgvector", "LangChain4j"));
        json.put("pgvector_ingest_ratio_vs_langchain4j", round(l.ingestSeconds / q.ingestSeconds));
        json.put("pgvector_query_p50_ratio_vs_langchain4j", round(q.p50Ms / l.p50Ms));
        json.put("pgvector_recall_at_10", round(q.recall));
        json.put("pgvector_no_index_ingest_ratio_vs_langchain4j", round(l.ingestSeconds / qe.ingestSeconds));
        json.put("pgvector_no_index_query_p50_ratio_vs_langchain4j", round(qe.p50Ms / l.p50Ms));
        json.put("pgvector_no_index_ingest_s", round(qe.ingestSeconds));
        json.put("pgvector_no_index_query_p50_ms", round(qe.p50Ms));
        json.put("pgvector_langchain4j_recall_at_10", round(l.recall));
        json.put("pgvector_ingest_s", round(q.ingestSeconds));
        json.put("pgvector_langchain4j_ingest_s", round(l.ingestSeconds));
        json.put("pgvector_query_p50_ms", round(q.p50Ms));
        json.put("pgvector_langchain4j_query_p50_ms", round(l.p50Ms));
        json.put("ndcg10_hybrid_embedded", round(referenceNdcg));
        json.put("ndcg10_hybrid_pgvector", round(hybridNdcg));
      }

      String chromaUrl = servers.chroma();
      String suffix = Long.toString(System.nanoTime());
      ChromaVectorStore quarryChroma = ChromaVectorStore.builder(URI.create(chromaUrl), model.dimension())
          .collection("bench-quarry-" + suffix).build();
      EmbeddingStore<TextSegment> langchain4jChroma = ChromaEmbeddingStore.builder().apiVersion(ChromaApiVersion.V2)
          .baseUrl(chromaUrl).collectionName("bench-langchain4j-" + suffix).build();
      List<VectorRecord> warmUp = records.subList(0, Math.min(records.size(), 2 * slice));
      ingest(ChromaVectorStore.builder(URI.create(chromaUrl), model.dimension()).collection("warm-quarry-" + suffix)
          .build(), warmUp, slice);
      ingest(ChromaEmbeddingStore.builder().apiVersion(ChromaApiVersion.V2).baseUrl(chromaUrl)
          .collectionName("warm-langchain4j-" + suffix).build(), warmUp, slice);
      Side qc = measureQuarry(quarryChroma, records, slice, queryVectors, exact);
      Side lc = measureLangChain4j(langchain4jChroma, records, slice, queryVectors, exact);
      rows.add(qc.row("Chroma", "Quarry"));
      rows.add(lc.row("Chroma", "LangChain4j"));
      json.put("chroma_ingest_ratio_vs_langchain4j", round(lc.ingestSeconds / qc.ingestSeconds));
      json.put("chroma_query_p50_ratio_vs_langchain4j", round(qc.p50Ms / lc.p50Ms));
      json.put("chroma_recall_at_10", round(qc.recall));
      json.put("chroma_langchain4j_recall_at_10", round(lc.recall));
      json.put("chroma_ingest_s", round(qc.ingestSeconds));
      json.put("chroma_langchain4j_ingest_s", round(lc.ingestSeconds));
      json.put("chroma_query_p50_ms", round(qc.p50Ms));
      json.put("chroma_langchain4j_query_p50_ms", round(lc.p50Ms));

      System.out.printf(Locale.ROOT, "%n%-9s %-16s %10s %12s %10s %10s%n", "server", "adapter", "ingest s",
          "records/s", "p50 ms", "recall@10");
      for (String[] row : rows) {
        System.out.printf(Locale.ROOT, "%-9s %-16s %10s %12s %10s %10s%n", (Object[]) row);
      }
      System.out.printf(Locale.ROOT, "%nhybrid nDCG@10 on %s (%d queries): embedded %.4f, pgvector %.4f%n", split,
          judged.size(), referenceNdcg, (double) json.get("ndcg10_hybrid_pgvector"));
      System.out.println();
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  /** One adapter's figures. */
  private record Side(int records, double ingestSeconds, double p50Ms, double recall) {
    String[] row(String server, String adapter) {
      return new String[] {server, adapter, String.format(Locale.ROOT, "%.2f", ingestSeconds),
          String.format(Locale.ROOT, "%.0f", records / ingestSeconds), String.format(Locale.ROOT, "%.3f", p50Ms),
          String.format(Locale.ROOT, "%.4f", recall)};
    }
  }

  private static Side measureQuarry(VectorStore store, List<VectorRecord> records, int slice,
      List<float[]> queryVectors, List<Set<String>> exact) {
    long start = System.nanoTime();
    ingest(store, records, slice);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (store.count() != records.size()) {
      throw new IllegalStateException("Quarry's store holds " + store.count() + " records, not " + records.size());
    }
    return searched(records.size(), seconds, queryVectors, exact, v -> store.search(SearchRequest.builder(v)
        .maxResults(K).build()).stream().map(SearchHit::id).toList());
  }

  private static void ingest(VectorStore store, List<VectorRecord> records, int slice) {
    for (int from = 0; from < records.size(); from += slice) {
      store.upsert(records.subList(from, Math.min(records.size(), from + slice)));
    }
  }

  private static Side measureLangChain4j(EmbeddingStore<TextSegment> store, List<VectorRecord> records, int slice,
      List<float[]> queryVectors, List<Set<String>> exact) {
    Map<String, String> chunkIds = new HashMap<>();
    long start = System.nanoTime();
    ingest(store, records, slice, chunkIds);
    double seconds = (System.nanoTime() - start) / 1e9;
    return searched(records.size(), seconds, queryVectors, exact, v -> store.search(EmbeddingSearchRequest.builder()
        .queryEmbedding(Embedding.from(v)).maxResults(K).build()).matches().stream()
        .map(EmbeddingMatch::embeddingId).map(chunkIds::get).toList());
  }

  private static void ingest(EmbeddingStore<TextSegment> store, List<VectorRecord> records, int slice) {
    ingest(store, records, slice, new HashMap<>());
  }

  /** Writes {@code records} through LangChain4j's store as an application would; {@code chunkIds}: its ids back. */
  private static void ingest(EmbeddingStore<TextSegment> store, List<VectorRecord> records, int slice,
      Map<String, String> chunkIds) {
    for (int from = 0; from < records.size(); from += slice) {
      List<String> ids = new ArrayList<>();
      List<Embedding> embeddings = new ArrayList<>();
      List<TextSegment> segments = new ArrayList<>();
      for (VectorRecord r : records.subList(from, Math.min(records.size(), from + slice))) {
        String id = UUID.nameUUIDFromBytes(r.id().getBytes(StandardCharsets.UTF_8)).toString();
        chunkIds.put(id, r.id());
        ids.add(id);
        embeddings.add(Embedding.from(r.vector()));
        dev.langchain4j.data.document.Metadata metadata = new dev.langchain4j.data.document.Metadata()
            .put("document_id", r.chunk().documentId())
            .put("title", r.chunk().metadata().getString("title").orElse(""));
        segments.add(TextSegment.from(r.chunk().text(), metadata));
      }
      store.addAll(ids, embeddings, segments);
    }
  }

  /** A warm-up pass, then the timed pass: p50 latency and recall@10 against exact search. */
  private static Side searched(int records, double ingestSeconds, List<float[]> queryVectors,
      List<Set<String>> exact, Function<float[], List<String>> search) {
    queryVectors.forEach(search::apply);
    long[] nanos = new long[queryVectors.size()];
    double recall = 0;
    for (int i = 0; i < queryVectors.size(); i++) {
      long start = System.nanoTime();
      List<String> ids = search.apply(queryVectors.get(i));
      nanos[i] = System.nanoTime() - start;
      Set<String> found = new HashSet<>(ids);
      found.retainAll(exact.get(i));
      recall += found.size() / (double) K;
    }
    Arrays.sort(nanos);
    return new Side(records, ingestSeconds, nanos[nanos.length / 2] / 1e6, recall / queryVectors.size());
  }

  /** The ids of the {@value #K} records closest to each query by cosine, by brute force. */
  private static List<Set<String>> exactTop(List<VectorRecord> records, List<float[]> queries) {
    float[][] unit = new float[records.size()][];
    for (int i = 0; i < unit.length; i++) {
      unit[i] = normalised(records.get(i).vector());
    }
    List<Set<String>> top = new ArrayList<>();
    for (float[] query : queries) {
      float[] q = normalised(query);
      Integer[] order = new Integer[unit.length];
      double[] scores = new double[unit.length];
      for (int i = 0; i < unit.length; i++) {
        order[i] = i;
        double dot = 0;
        for (int d = 0; d < q.length; d++) {
          dot += (double) q[d] * unit[i][d];
        }
        scores[i] = dot;
      }
      Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < K; i++) {
        ids.add(records.get(order[i]).id());
      }
      top.add(ids);
    }
    return top;
  }

  private static float[] normalised(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  private static Retriever hybrid(OnnxEmbeddingModel model, VectorStore store, Bm25Index keywords) {
    return HybridRetriever.builder(DenseRetriever.builder(model, store).build(), Bm25Retriever.builder(keywords).build())
        .fusion(Fusion.convex(0.5, Normalization.Z_SCORE)).depth(DEPTH).build();
  }

  private static double ndcg(Retriever retriever, Map<String, String> queries, Qrels judged) {
    return RetrievalEvaluator.builder(retriever).depth(DEPTH).build().evaluate(queries, judged).ndcg();
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1); // the test server has one backend
    config.setConnectionTimeout(120_000);
    return new HikariDataSource(config);
  }

  private static void dropTables(HikariDataSource pool) throws Exception {
    try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement()) {
      sql.execute("DROP TABLE IF EXISTS bench_quarry");
      sql.execute("DROP TABLE IF EXISTS bench_quarry_exact");
      sql.execute("DROP TABLE IF EXISTS bench_warm_quarry");
      sql.execute("DROP TABLE IF EXISTS bench_warm_langchain4j");
      sql.execute("DROP TABLE IF EXISTS bench_langchain4j");
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
