package dev.quarry.rag.splitter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Cuts text into pieces that each fit the chunk size, preferring the coarsest separator that works: the
 * recursive step shared by every splitter. Immutable and thread-safe.
 *
 * <p>Algorithm, for a span of the source:
 *
 * <ol>
 *   <li>If the span fits, it is one piece.
 *   <li>Otherwise take the first separator, from the current level on, that occurs in the span, and cut just
 *       after each of its occurrences, so a separator stays at the end of the piece before it and the pieces
 *       together are exactly the span.
 *   <li>Treat each part from step 1, with only the separators after the one used.
 *   <li>When no non-empty separator is left (or the empty separator is reached), cut between code points;
 *       a code point that alone is too long is cut between its chars; a single char is a piece whatever it
 *       measures.
 * </ol>
 */
final class SeparatorSplitter {
  private final List<String> separators;
  private final int chunkSize;
  private final SpanMeasure measure;

  SeparatorSplitter(List<String> separators, int chunkSize, SpanMeasure measure) {
    this.separators = List.copyOf(separators);
    this.chunkSize = chunkSize;
    this.measure = measure;
  }

  /** The pieces of {@code text[start, end)}, in order, covering it exactly. */
  List<Piece> split(String text, int start, int end) {
    List<Piece> pieces = new ArrayList<>();
    split(text, start, end, pieces);
    return pieces;
  }

  /** Appends the pieces of {@code text[start, end)} to {@code out}. */
  void split(String text, int start, int end, List<Piece> out) {
    cut(text, start, end, 0, out);
  }

  /**
   * Marks in {@code breaks} the end of every occurrence of a non-empty separator in {@code text}: the places
   * where a chunk may start without cutting a word.
   */
  void markSeparatorEnds(String text, BitSet breaks) {
    for (String separator : separators) {
      if (separator.isEmpty()) {
        continue;
      }
      for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) {
        breaks.set(at + separator.length());
      }
    }
  }

  private void cut(String text, int start, int end, int level, List<Piece> out) {
    if (start >= end) {
      return;
    }
    int length = measure.measure(text, start, end);
    if (length <= chunkSize) {
      out.add(new Piece(start, end, length));
      return;
    }
    for (int k = level; k < separators.size(); k++) {
      String separator = separators.get(k);
      if (separator.isEmpty()) {
        break;
      }
      if (text.indexOf(separator, start, end) >= 0) {
        cutAfterEach(text, start, end, separator, k + 1, out);
        return;
      }
    }
    cutCodePoints(text, start, end, out);
  }

  private void cutAfterEach(String text, int start, int end, String separator, int nextLevel, List<Piece> out) {
    int from = start;
    for (int at = text.indexOf(separator, from, end); at >= 0; at = text.indexOf(separator, from, end)) {
      int cut = at + separator.length();
      cut(text, from, cut, nextLevel, out);
      from = cut;
    }
    cut(text, from, end, nextLevel, out);
  }

  private void cutCodePoints(String text, int start, int end, List<Piece> out) {
    int at = start;
    while (at < end) {
      int next = Math.min(end, at + Character.charCount(text.codePointAt(at)));
      int length = measure.measure(text, at, next);
      if (length > chunkSize && next - at > 1) {
        for (int i = at; i < next; i++) {
          out.add(new Piece(i, i + 1, measure.measure(text, i, i + 1)));
        }
      } else {
        out.add(new Piece(at, next, length));
      }
      at = next;
    }
  }
}
