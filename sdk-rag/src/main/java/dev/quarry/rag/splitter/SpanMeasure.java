package dev.quarry.rag.splitter;

import java.util.function.ToIntFunction;

/**
 * Measures a span of the source in a splitter's length unit, leaving out the span's leading and trailing
 * whitespace just as chunks do, so that what is measured is exactly what a chunk would hold.
 *
 * <p>Splitters assume a measure is monotone (a span never measures less than a span inside it), which chars
 * are and real tokenizers nearly are; where it is not, the size limit still holds because every chunk is
 * measured before it is emitted. Thread-safe when the length function is.
 */
@FunctionalInterface
interface SpanMeasure {

  /** Counts UTF-16 chars, like {@link String#length()}, without copying the span. */
  SpanMeasure CHARS = trimmed((text, start, end) -> end - start);

  /** The measure of {@code text[start, end)} without its leading and trailing whitespace. */
  int measure(String text, int start, int end);

  /** A measure that applies {@code lengthFunction} to the span's trimmed text; blank spans measure 0. */
  static SpanMeasure of(ToIntFunction<String> lengthFunction) {
    return trimmed(
        (text, start, end) -> {
          int length = lengthFunction.applyAsInt(text.substring(start, end));
          if (length < 0) {
            throw new IllegalStateException(
                "length function returned " + length + " for a span of " + (end - start) + " chars; must be >= 0");
          }
          return length;
        });
  }

  /** The first index in {@code [start, end)} that is not whitespace, or {@code end}. */
  static int skipWhitespace(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    return start;
  }

  /** One past the last index in {@code [start, end)} that is not whitespace, or {@code start}. */
  static int dropTrailingWhitespace(String text, int start, int end) {
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static SpanMeasure trimmed(SpanMeasure raw) {
    return (text, start, end) -> {
      int from = skipWhitespace(text, start, end);
      int to = dropTrailingWhitespace(text, from, end);
      return from == to ? 0 : raw.measure(text, from, to);
    };
  }
}
