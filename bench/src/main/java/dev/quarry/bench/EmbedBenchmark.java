package dev.quarry.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.splitter.TokenSplitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run embed --data ../shared/data/scifact}: the same chunks embedded by Quarry's {@link
 * OnnxEmbeddingModel} and by LangChain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} (same ONNX file), in one
 * JVM, alternating after a warm-up; the median round of each gives chunks/s ({@code --rounds}, default 5).
 *
 * <p>Chunks are cut by Quarry's {@link TokenSplitter} to at most {@code --chunk-tokens} word pieces (default 120),
 * under the 128-token truncation LangChain4j keeps from this model's tokenizer.json, so both embed exactly the
 * same tokens and their vectors can be compared.
 */
final class EmbedBenchmark {
  private EmbedBenchmark() {}

  static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path data = Path.of(options.string("data", "../shared/data/scifact"));
    int documents = options.integer("docs", 2000);
    int chunkTokens = options.integer("chunk-tokens", 120);
    int rounds = options.integer("rounds", 5);
    int batchSize = options.integer("batch-size", 0); // 0: the model's default

    OnnxEmbeddingModel.Builder builder = OnnxEmbeddingModel.builder();
    if (batchSize > 0) {
      builder.batchSize(batchSize);
    }
    try (OnnxEmbeddingModel quarry = builder.build()) {
      var lc4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
      List<Document> corpus = SciFact.corpus(data, documents);
      TokenSplitter splitter =
          TokenSplitter.builder(quarry.tokenizer()).chunkSize(chunkTokens).chunkOverlap(chunkTokens / 8).build();
      List<String> chunks = new ArrayList<>();
      for (Document document : corpus) {
        splitter.split(document).stream().map(Chunk::text).forEach(chunks::add);
      }
      List<TextSegment> segments = chunks.stream().map(TextSegment::from).toList();
      System.out.printf(Locale.ROOT, "%d SciFact documents -> %d chunks (<= %d tokens), %s%n",
          corpus.size(), chunks.size(), chunkTokens, quarry);

      // Warm-up: JIT, ONNX Runtime's kernels and allocators, on a slice.
      List<String> warm = chunks.subList(0, Math.min(500, chunks.size()));
      quarry.embedDocuments(warm);
      lc4j.embedAll(warm.stream().map(TextSegment::from).toList());

      double[] quarryTimes = new double[rounds];
      double[] lc4jTimes = new double[rounds];
      List<float[]> ours = null;
      List<Embedding> theirs = null;
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        ours = quarry.embedDocuments(chunks);
        long t1 = System.nanoTime();
        theirs = lc4j.embedAll(segments).content();
        long t2 = System.nanoTime();
        quarryTimes[round] = (t1 - t0) / 1e9;
        lc4jTimes[round] = (t2 - t1) / 1e9;
        System.out.printf(Locale.ROOT, "round %d: quarry %.2f s, langchain4j %.2f s%n",
            round + 1, quarryTimes[round], lc4jTimes[round]);
      }
      double minCosine = 1;
      double sumCosine = 0;
      for (int i = 0; i < chunks.size(); i++) {
        double c = cosine(ours.get(i), theirs.get(i).vector());
        minCosine = Math.min(minCosine, c);
        sumCosine += c;
      }
      double quarryRate = chunks.size() / median(quarryTimes);
      double lc4jRate = chunks.size() / median(lc4jTimes);
      System.out.println();
      System.out.printf(Locale.ROOT, "%-14s %12s %14s%n", "embedder", "chunks/s", "median round s");
      System.out.printf(Locale.ROOT, "%-14s %12.1f %14.2f%n", "quarry", quarryRate, median(quarryTimes));
      System.out.printf(Locale.ROOT, "%-14s %12.1f %14.2f%n", "langchain4j", lc4jRate, median(lc4jTimes));
      double[] roundRatios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        roundRatios[round] = lc4jTimes[round] / quarryTimes[round];
      }
      System.out.printf(Locale.ROOT, "ratio %.2f (per round: %s), cosine between the two vectors of a chunk:"
              + " min %.5f, mean %.6f%n",
          quarryRate / lc4jRate, format(roundRatios), minCosine, sumCosine / chunks.size());
      if (options.integer("sweep", 1) == 1) {
        sweep(chunks, quarry.batchSize());
      }
      System.out.printf(Locale.ROOT,
          "{\"benchmark\":\"embed\",\"documents\":%d,\"chunks\":%d,\"batch_size\":%d,\"quarry_chunks_per_s\":%.1f,"
              + "\"langchain4j_chunks_per_s\":%.1f,\"ratio\":%.3f,\"round_ratios\":[%s],\"min_cosine\":%.5f,"
              + "\"mean_cosine\":%.6f}%n",
          corpus.size(), chunks.size(), quarry.batchSize(), quarryRate, lc4jRate, quarryRate / lc4jRate,
          format(roundRatios), minCosine, sumCosine / chunks.size());
    }
  }

  /**
   * Where the time goes: the same chunks with other batch and thread settings, one round each after a warm-up,
   * plus tokenization alone. Printed for the record; the JSON line reports the configuration above.
   */
  private static void sweep(List<String> chunks, int reportedBatchSize) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-44s %12s%n", "where the time goes (one round each)", "chunks/s");
    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().build()) {
      var tokenizer = model.tokenizer();
      long t0 = System.nanoTime();
      for (String chunk : chunks) {
        tokenizer.countTokens(chunk);
      }
      System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "tokenization only, 1 thread",
          chunks.size() / ((System.nanoTime() - t0) / 1e9));
    }
    int[][] settings = {{1, 1, 1}, {1, 2, 1}, {1, 1, 2}, {8, 2, 1}, {32, 2, 1}, {32, 1, 2}};
    for (int[] s : settings) {
      try (OnnxEmbeddingModel model =
          OnnxEmbeddingModel.builder().batchSize(s[0]).parallelism(s[1]).intraOpThreads(s[2]).build()) {
        model.embedDocuments(chunks.subList(0, Math.min(300, chunks.size())));
        long t0 = System.nanoTime();
        model.embedDocuments(chunks);
        double rate = chunks.size() / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "%-44s %12.1f%n",
            "batch " + s[0] + ", parallelism " + s[1] + ", ONNX threads " + s[2]
                + (s[0] == reportedBatchSize && s[1] == 2 && s[2] == 1 ? " (reported)" : ""), rate);
      }
    }
  }

  static String format(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double value : values) {
      out.append(out.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.3f", value));
    }
    return out.toString();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
