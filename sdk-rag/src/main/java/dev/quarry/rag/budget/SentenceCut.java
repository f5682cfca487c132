package dev.quarry.rag.budget;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds the longest run of whole leading sentences of a text that still fits, using the JDK's locale-aware
 * sentence rules (as {@link dev.quarry.rag.splitter.SentenceSplitter} does).
 *
 * <p>Stateless and thread-safe: each call uses its own {@link BreakIterator}.
 */
final class SentenceCut {
  private SentenceCut() {}

  /**
   * The longest prefix of {@code text} that ends at a sentence boundary, without trailing whitespace, for which
   * {@code fits} holds; empty if not even the first sentence fits. Searches by bisection, so {@code fits} should
   * not turn true again once false for a shorter prefix (token counts grow with the text).
   */
  static String longestFitting(String text, Locale locale, Predicate<String> fits) {
    List<Integer> ends = sentenceEnds(text, locale);
    int lo = 0;
    int hi = ends.size() - 1;
    String best = "";
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      String prefix = text.substring(0, ends.get(mid)).stripTrailing();
      if (fits.test(prefix)) {
        best = prefix;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** Ends of the sentences of {@code text}, ascending, excluding 0; those holding only whitespace skipped. */
  private static List<Integer> sentenceEnds(String text, Locale locale) {
    BreakIterator sentences = BreakIterator.getSentenceInstance(locale);
    sentences.setText(text);
    List<Integer> ends = new ArrayList<>();
    int start = sentences.first();
    for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
      if (!text.substring(start, end).isBlank()) {
        ends.add(end);
      }
    }
    return ends;
  }
}
