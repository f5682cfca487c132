package dev.quarry.bench.ann;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.store.Metric;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code text200k} data set: real 384-d MiniLM vectors of the shared corpora's text, built once and cached.
 *
 * <p>The shared SciFact and Cranfield corpora hold about 65,000 sentences, fewer than the 200,000 vectors this set
 * needs, so the base set is every run of one to five consecutive sentences of each document (title included),
 * duplicates removed, in corpus order: real passages at the granularities a RAG splitter produces. The queries
 * are the real queries of both corpora. Vectors come from Quarry's default {@link OnnxEmbeddingModel}
 * (all-MiniLM-L6-v2, normalised), and the exact top-100 by cosine is computed once by brute force.
 *
 * <p>The cache folder holds {@code base.fvecs} (appended in blocks, so an interrupted build resumes),
 * {@code query.fvecs}, {@code groundtruth_cosine_k100.ivecs} and {@code texts.txt}.
 */
final class TextVectors {
  static final int MIN_VECTORS = 200_000;
  private static final int MAX_WINDOW = 5;
  private static final int BLOCK = 4096;

  private TextVectors() {}

  /** Returns the cached data set, building whatever part of it is missing. */
  static Dataset load(Path data, Path cache) throws IOException {
    Files.createDirectories(cache);
    Path texts = cache.resolve("texts.txt");
    Path base = cache.resolve("base.fvecs");
    Path queries = cache.resolve("query.fvecs");
    Path truth = cache.resolve("groundtruth_cosine_k100.ivecs");
    if (!Files.exists(truth)) {
      List<String> passages = passages(data);
      if (passages.size() < MIN_VECTORS) {
        throw new IllegalStateException("only " + passages.size() + " passages in " + data);
      }
      Files.write(texts, passages.stream().map(p -> p.replace('\n', ' ')).toList());
      List<String> queryTexts = queries(data);
      try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().build()) {
        embedResumable(model, passages, base);
        Files.deleteIfExists(queries);
        Vectors.appendFvecs(queries, queryTexts.stream().map(model::embedQuery).toList());
      }
      float[][] baseVectors = Vectors.readFvecs(base);
      float[][] queryVectors = Vectors.readFvecs(queries);
      System.out.printf(Locale.ROOT, "exact ground truth for %d queries over %d vectors...%n",
          queryVectors.length, baseVectors.length);
      Vectors.writeIvecs(truth, GroundTruth.topK(baseVectors, queryVectors, 100, Metric.COSINE));
    }
    return new Dataset("text200k", Metric.COSINE,
        Vectors.readFvecs(base), Vectors.readFvecs(queries), Vectors.readIvecs(truth));
  }

  private static void embedResumable(OnnxEmbeddingModel model, List<String> passages, Path base)
      throws IOException {
    int done = Files.exists(base) ? (int) (Files.size(base) / (4 + 4L * model.dimension())) : 0;
    if (done > 0 && Files.size(base) % (4 + 4L * model.dimension()) != 0) {
      throw new IllegalStateException(base + " has a partial vector; delete it to rebuild");
    }
    long start = System.nanoTime();
    for (int from = done; from < passages.size(); from += BLOCK) {
      int to = Math.min(passages.size(), from + BLOCK);
      Vectors.appendFvecs(base, model.embedDocuments(passages.subList(from, to)));
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = (to - done) / seconds;
      System.out.printf(Locale.ROOT, "embedded %d / %d passages (%.0f/s, %.0f s left)%n",
          to, passages.size(), rate, (passages.size() - to) / rate);
    }
  }

  static List<String> passages(Path data) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (String corpus : List.of("scifact", "cranfield")) {
      for (JsonNode doc : jsonLines(data.resolve(corpus).resolve("corpus.jsonl"))) {
        List<String> sentences = new ArrayList<>();
        String title = doc.path("title").asText("").strip();
        if (!title.isEmpty()) {
          sentences.add(title);
        }
        sentences.addAll(sentences(doc.path("text").asText("")));
        for (int window = 1; window <= MAX_WINDOW; window++) {
          for (int i = 0; i + window <= sentences.size(); i++) {
            out.add(String.join(" ", sentences.subList(i, i + window)));
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static List<String> queries(Path data) throws IOException {
    List<String> out = new ArrayList<>();
    for (String corpus : List.of("scifact", "cranfield")) {
      for (JsonNode query : jsonLines(data.resolve(corpus).resolve("queries.jsonl"))) {
        out.add(query.path("text").asText());
      }
    }
    return out;
  }

  private static List<String> sentences(String text) {
    BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    iterator.setText(text);
    List<String> out = new ArrayList<>();
    for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
        start = end, end = iterator.next()) {
      String sentence = text.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        out.add(sentence);
      }
    }
    return out;
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("missing " + file + " (pass --data <shared data folder>)");
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          try {
            out.add(json.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException("bad JSON line in " + file, e);
          }
        }
      }
    }
    return out;
  }
}
