package dev.quarry.bench;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.splitter.DocumentSplitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run encoders --data ../shared/data/scifact}: what a stronger encoder costs. all-MiniLM-L6-v2 and
 * bge-small-en-v1.5 (both bundled presets, both int8) embed the same chunks in one JVM, in alternating rounds after
 * a warm-up; the median round of each gives chunks/s, and their ratio is the ingest cost of the switch. Single
 * query embeddings (what an {@code ask} pays) are timed the same way, which model goes first alternating from
 * query to query.
 *
 * <p>The chunks are what Quarry's default splitter cuts for MiniLM ({@link Ingestor#defaultSplitter}: at most 254
 * word pieces, with the two special tokens its 256-token window, an eighth overlap), so both models read identical
 * text; both tokenizers are BERT's uncased vocabulary.
 * Options: {@code --docs} (2000), {@code --rounds} (5), {@code --queries} (300, from SciFact's queries file).
 */
final class EncoderCostBenchmark {
  private static final EmbeddingPreset BASELINE = EmbeddingPreset.ALL_MINILM_L6_V2;
  private static final EmbeddingPreset CANDIDATE = EmbeddingPreset.BGE_SMALL_EN_V15;

  private EncoderCostBenchmark() {}

  static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path data = Path.of(options.string("data", "../shared/data/scifact"));
    int documents = options.integer("docs", 2000);
    int rounds = options.integer("rounds", 5);
    int queryCount = options.integer("queries", 300);

    long loadStart = System.nanoTime();
    try (OnnxEmbeddingModel baseline = OnnxEmbeddingModel.builder().preset(BASELINE).build()) {
      double baselineLoad = (System.nanoTime() - loadStart) / 1e9;
      loadStart = System.nanoTime();
      try (OnnxEmbeddingModel candidate = OnnxEmbeddingModel.builder().preset(CANDIDATE).build()) {
        double candidateLoad = (System.nanoTime() - loadStart) / 1e9;
        List<Document> corpus = SciFact.corpus(data, documents);
        DocumentSplitter splitter = Ingestor.defaultSplitter(baseline);
        List<String> chunks = new ArrayList<>();
        for (Document document : corpus) {
          splitter.split(document).stream().map(Chunk::text).forEach(chunks::add);
        }
        List<String> queries = SciFact.queryTexts(data, queryCount);
        System.out.printf(Locale.ROOT, "%d SciFact documents -> %d chunks (Quarry's default splitter), %d queries%n",
            corpus.size(), chunks.size(), queries.size());

        // Warm-up: JIT, ONNX Runtime's kernels and allocators.
        List<String> warm = chunks.subList(0, Math.min(300, chunks.size()));
        baseline.embedDocuments(warm);
        candidate.embedDocuments(warm);
        queries.subList(0, Math.min(50, queries.size())).forEach(q -> {
          baseline.embedQuery(q);
          candidate.embedQuery(q);
        });

        double[] baselineTimes = new double[rounds];
        double[] candidateTimes = new double[rounds];
        double[] roundRatios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          boolean baselineFirst = round % 2 == 0;
          double first = time(baselineFirst ? baseline : candidate, chunks);
          double second = time(baselineFirst ? candidate : baseline, chunks);
          baselineTimes[round] = baselineFirst ? first : second;
          candidateTimes[round] = baselineFirst ? second : first;
          roundRatios[round] = candidateTimes[round] / baselineTimes[round];
          System.out.printf(Locale.ROOT, "round %d: minilm %.2f s, bge-small %.2f s%n",
              round + 1, baselineTimes[round], candidateTimes[round]);
        }
        double[] baselineQueryMs = new double[queries.size()];
        double[] candidateQueryMs = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
          boolean baselineFirst = i % 2 == 0;
          String query = queries.get(i);
          double first = timeQuery(baselineFirst ? baseline : candidate, query);
          double second = timeQuery(baselineFirst ? candidate : baseline, query);
          baselineQueryMs[i] = baselineFirst ? first : second;
          candidateQueryMs[i] = baselineFirst ? second : first;
        }

        double baselineRate = chunks.size() / EmbedBenchmark.median(baselineTimes);
        double candidateRate = chunks.size() / EmbedBenchmark.median(candidateTimes);
        double ingestCost = baselineRate / candidateRate;
        double baselineQuery = percentile(baselineQueryMs, 0.5);
        double candidateQuery = percentile(candidateQueryMs, 0.5);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-12s %10s %12s %14s %14s %10s%n",
            "encoder", "chunks/s", "round s", "query p50 ms", "query p99 ms", "load s");
        System.out.printf(Locale.ROOT, "%-12s %10.1f %12.2f %14.2f %14.2f %10.2f%n", "minilm", baselineRate,
            EmbedBenchmark.median(baselineTimes), baselineQuery, percentile(baselineQueryMs, 0.99), baselineLoad);
        System.out.printf(Locale.ROOT, "%-12s %10.1f %12.2f %14.2f %14.2f %10.2f%n", "bge-small", candidateRate,
            EmbedBenchmark.median(candidateTimes), candidateQuery, percentile(candidateQueryMs, 0.99), candidateLoad);
        System.out.printf(Locale.ROOT, "bge-small takes %.2fx MiniLM's ingest time (per round: %s) and %.2fx its"
            + " query embedding time (p50)%n", ingestCost, EmbedBenchmark.format(roundRatios),
            candidateQuery / baselineQuery);
        System.out.printf(Locale.ROOT,
            "{\"benchmark\":\"encoders\",\"documents\":%d,\"chunks\":%d,\"minilm_chunks_per_s\":%.1f,"
                + "\"bge_small_chunks_per_s\":%.1f,\"ingest_time_ratio\":%.3f,\"round_ratios\":[%s],"
                + "\"minilm_query_p50_ms\":%.2f,\"bge_small_query_p50_ms\":%.2f,\"query_time_ratio\":%.3f}%n",
            corpus.size(), chunks.size(), baselineRate, candidateRate, ingestCost, EmbedBenchmark.format(roundRatios),
            baselineQuery, candidateQuery, candidateQuery / baselineQuery);
      }
    }
  }

  private static double time(OnnxEmbeddingModel model, List<String> chunks) {
    long start = System.nanoTime();
    model.embedDocuments(chunks);
    return (System.nanoTime() - start) / 1e9;
  }

  private static double timeQuery(OnnxEmbeddingModel model, String query) {
    long start = System.nanoTime();
    model.embedQuery(query);
    return (System.nanoTime() - start) / 1e6;
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
