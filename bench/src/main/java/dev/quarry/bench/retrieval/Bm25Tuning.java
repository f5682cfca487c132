package dev.quarry.bench.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.document.Chunk;
import dev.quarry.bench.Options;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.retrieval.Bm25Retriever;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run bm25-tune}: BM25's k1 and b on a BEIR set's train judgments, one chunk per document (title and
 * text), nDCG@10 for each pair of a grid, the best pair last. Tuning uses the train split only, so the test
 * figures elsewhere stay honest. Options: {@code --data} (default {@code ../shared/data/scifact}), {@code
 * --split} (default {@code train}).
 */
public final class Bm25Tuning {
  private static final double[] K1 = {0.6, 0.9, 1.2, 1.5};
  private static final double[] B = {0.4, 0.6, 0.75, 0.9};

  private Bm25Tuning() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    BeirDataset data = BeirDataset.open(Path.of(options.string("data", "../shared/data/scifact")));
    String split = options.string("split", "train");
    Qrels judged = data.qrels(split);
    Map<String, String> queries = data.queries();
    List<Chunk> corpus = data.corpus().stream()
        .map(d -> new Chunk(d.id(), d.id(), d.text(), d.metadata(), 0, d.text().length()))
        .toList();
    System.out.printf(Locale.ROOT, "bm25-tune %s: %d documents, split %s (%d judged queries)%n%n", data.folder(),
        corpus.size(), split, judged.size());
    System.out.printf(Locale.ROOT, "%6s %6s %9s%n", "k1", "b", "nDCG@10");
    Map<String, Double> grid = new LinkedHashMap<>();
    String best = null;
    for (double k1 : K1) {
      for (double b : B) {
        try (Bm25Index index = Bm25Index.builder().k1(k1).b(b).build()) {
          index.upsert(corpus);
          double ndcg = RetrievalEvaluator.builder(Bm25Retriever.builder(index).build()).warmUp(0).build()
              .evaluate(queries, judged).ndcg();
          String key = String.format(Locale.ROOT, "k1=%.2f b=%.2f", k1, b);
          grid.put(key, Math.round(ndcg * 10_000) / 10_000.0);
          if (best == null || ndcg > grid.get(best)) {
            best = key;
          }
          System.out.printf(Locale.ROOT, "%6.2f %6.2f %9.4f%n", k1, b, ndcg);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nbest on %s: %s, nDCG@10 %.4f (defaults k1=%.2f b=%.2f)%n%n", split, best,
        grid.get(best), Bm25Index.DEFAULT_K1, Bm25Index.DEFAULT_B);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "bm25-tune");
    json.put("data", data.folder().toString());
    json.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    json.put("split", split);
    json.put("best", best);
    json.put("ndcg10", grid);
    System.out.println(new ObjectMapper().writeValueAsString(json));
  }
}
