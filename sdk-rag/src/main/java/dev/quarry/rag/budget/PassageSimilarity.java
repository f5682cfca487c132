package dev.quarry.rag.budget;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.rag.internal.Words;
import java.util.List;
import java.util.Set;

/**
 * How alike two passages are, from 0 (nothing shared) to 1 (the same), for diversity selection.
 *
 * <p>Implementations are immutable and thread-safe.
 */
interface PassageSimilarity {

  /** The similarity of every pair of {@code texts}: a symmetric matrix. Texts are never blank. */
  double[][] pairwise(List<String> texts);

  /** Jaccard similarity of the passages' word sets: shared words over all words, case-insensitive. */
  static PassageSimilarity lexical() {
    return texts -> {
      List<Set<String>> words = texts.stream().map(PassageSimilarity::words).toList();
      double[][] sim = new double[texts.size()][texts.size()];
      for (int i = 0; i < sim.length; i++) {
        sim[i][i] = 1;
        for (int j = i + 1; j < sim.length; j++) {
          sim[i][j] = sim[j][i] = jaccard(words.get(i), words.get(j));
        }
      }
      return sim;
    };
  }

  /** Cosine similarity of the passages' embeddings, clamped to {@code [0, 1]}. One batch call per pack. */
  static PassageSimilarity embeddings(EmbeddingModel model) {
    return texts -> {
      List<float[]> vectors = model.embedDocuments(texts);
      if (vectors.size() != texts.size()) {
        throw new IllegalStateException(
            "the embedding model returned " + vectors.size() + " vectors for " + texts.size() + " passages");
      }
      double[][] sim = new double[texts.size()][texts.size()];
      for (int i = 0; i < sim.length; i++) {
        sim[i][i] = 1;
        for (int j = i + 1; j < sim.length; j++) {
          sim[i][j] = sim[j][i] = Math.max(0, Words.cosine(vectors.get(i), vectors.get(j)));
        }
      }
      return sim;
    };
  }

  /**
   * The lower-cased words of {@code text}: runs of letters, marks and digits; each Han, Hiragana or Katakana
   * char is a word of its own, since those scripts do not put spaces between words.
   */
  static Set<String> words(String text) {
    return Words.of(text);
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    Set<String> smaller = a.size() <= b.size() ? a : b;
    Set<String> larger = smaller == a ? b : a;
    int shared = 0;
    for (String word : smaller) {
      if (larger.contains(word)) {
        shared++;
      }
    }
    return (double) shared / (a.size() + b.size() - shared);
  }
}
