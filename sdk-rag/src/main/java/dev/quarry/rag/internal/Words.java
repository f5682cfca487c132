package dev.quarry.rag.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The plain lexical and vector measures the context budget and the extractive answerer share: the words of a
 * text and the cosine of two vectors.
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public final class Words {
  private Words() {}

  /**
   * The distinct words of {@code text}, in order of first appearance: lower-cased runs of letters, digits and
   * combining marks, with each Han, Hiragana or Katakana character a word of its own (those scripts do not
   * separate words with spaces).
   */
  public static Set<String> of(String text) {
    Set<String> words = new LinkedHashSet<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (ideographic(cp)) {
        flush(word, words);
        words.add(Character.toString(cp));
      } else if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
        word.appendCodePoint(cp);
      } else {
        flush(word, words);
      }
    }
    flush(word, words);
    return words;
  }

  /**
   * The cosine of two vectors; 0 when either is all zeros.
   *
   * @throws IllegalStateException if their lengths differ (an embedding model broke its contract)
   */
  public static double cosine(float[] a, float[] b) {
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
}
