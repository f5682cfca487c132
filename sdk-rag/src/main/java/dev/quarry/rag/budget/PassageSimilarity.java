package dev.quarry.rag.budget;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
          sim[i][j] = sim[j][i] = Math.max(0, cosine(vectors.get(i), vectors.get(j)));
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
    Set<String> words = new HashSet<>();
    StringBuilder word = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (ideographic(cp)) {
                flush(word, words);
                words.add(Character.toString(cp));
              } else if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                word.appendCodePoint(cp);
              } else {
                flush(word, words);
              }
            });
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, Set<String> words) {
    if (!word.isEmpty()) {
      words.add(word.toString().toLowerCase(Locale.ROOT));
      word.setLength(0);
    }
  }

  private static boolean ideographic(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA;
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

  private static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException(
          "the embedding model returned vectors of lengths " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
