package dev.quarry.guardrails;

import java.text.Normalizer;

/**
 * A text folded for matching, with a map back to the original: the rules of {@link InjectionDetector} see
 * {@link #text()} and report spans of the original.
 *
 * <p>Folding, per code point: invisible format characters (zero-width spaces and joiners, soft hyphens, byte
 * order marks) are dropped, Unicode tag characters (U+E0020 to U+E007E, "ASCII smuggling") are read as the ASCII
 * they encode; compatibility decomposition (NFKD) turns fullwidth, mathematical and circled letters into plain
 * ones; combining marks are dropped, so accents go ({@code ü} becomes {@code u}); letters are lower-cased,
 * typographic apostrophes become {@code '} and quotes {@code "}, {@code ß} becomes {@code ss}; runs of white
 * space become one space, or one newline if they hold one. Then, in words that mix Latin with Cyrillic or Greek
 * letters, the look-alikes are replaced by their Latin twins ({@code іgnоrе}, with Cyrillic {@code і},
 * {@code о} and {@code е}, becomes {@code ignore}); words wholly in another script are left alone. Immutable once
 * built.
 */
final class FoldedText {
  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final int zeroWidthInWords;
  private final int tagChars;
  private final int mixedScriptWords;

  private FoldedText(String text, int[] starts, int[] ends, int zeroWidthInWords, int tagChars,
      int mixedScriptWords) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.zeroWidthInWords = zeroWidthInWords;
    this.tagChars = tagChars;
    this.mixedScriptWords = mixedScriptWords;
  }

  /** The folded form of {@code original}. Linear in its length. */
  static FoldedText of(String original) {
    Builder b = new Builder(original.length());
    boolean droppedInvisible = false;
    int i = 0;
    while (i < original.length()) {
      int cp = original.codePointAt(i);
      int next = i + Character.charCount(cp);
      int before = b.length();
      if (cp >= 0xE0020 && cp <= 0xE007E) {
        b.tagChars++;
        b.append(Character.toLowerCase(cp - 0xE0000), i, next);
      } else if (isInvisible(cp)) {
        droppedInvisible |= b.lastIsLetter();
        i = next;
        continue;
      } else if (cp < 0x80) {
        b.append(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, i, next);
      } else {
        fold(cp, b, i, next);
      }
      if (b.length() > before) {
        if (droppedInvisible && b.lastIsLetter() && Character.isLetter(b.charAt(before - 1))) {
          b.zeroWidthInWords++;
        }
        droppedInvisible = false;
      }
      i = next;
    }
    return b.build();
  }

  private static void fold(int cp, Builder b, int from, int to) {
    String decomposed = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD);
    for (int k = 0; k < decomposed.length(); ) {
      int c = decomposed.codePointAt(k);
      k += Character.charCount(c);
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        continue;
      }
      switch (c) {
        case '\u00df' -> {
          b.append('s', from, to);
          b.append('s', from, to);
        }
        case '\u2019', '\u2018', '\u02bc', '\u2032', '\u00b4', '`' -> b.append('\'', from, to);
        case '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2033' -> b.append('"', from, to);
        case '\u0131' -> b.append('i', from, to);
        case '\u00f8' -> b.append('o', from, to);
        case '\u0142' -> b.append('l', from, to);
        case '\u0111' -> b.append('d', from, to);
        default -> b.append(Character.toLowerCase(c), from, to);
      }
    }
  }

  /** Format characters (Cf: zero-width space, joiners, soft hyphen, BOM, bidi marks) and Hangul fillers. */
  static boolean isInvisible(int cp) {
    return Character.getType(cp) == Character.FORMAT || cp == 0x115F || cp == 0x1160 || cp == 0x3164
        || cp == 0xFFA0 || cp == 0x034F;
  }

  String text() {
    return text;
  }

  /** The original offset of folded char {@code k}. */
  int originalStart(int k) {
    return starts[k];
  }

  /** The original offset after folded char {@code k}. */
  int originalEnd(int k) {
    return ends[k];
  }

  /** Zero-width or other invisible characters found between two letters. */
  int zeroWidthInWords() {
    return zeroWidthInWords;
  }

  /** Unicode tag characters read as ASCII. */
  int tagChars() {
    return tagChars;
  }

  /** Words that mixed Latin and Cyrillic letters. */
  int mixedScriptWords() {
    return mixedScriptWords;
  }

  /** Appends folded chars with their original spans, collapsing white space. */
  private static final class Builder {
    private final StringBuilder sb;
    private int[] starts;
    private int[] ends;
    int zeroWidthInWords;
    int tagChars;

    Builder(int capacity) {
      sb = new StringBuilder(capacity);
      starts = new int[Math.max(16, capacity)];
      ends = new int[Math.max(16, capacity)];
    }

    int length() {
      return sb.length();
    }

    char charAt(int k) {
      return sb.charAt(k);
    }

    boolean lastIsLetter() {
      return sb.length() > 0 && Character.isLetter(sb.charAt(sb.length() - 1));
    }

    void append(int c, int from, int to) {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        char w = c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x85 || c == 0x2028 || c == 0x2029
            ? '\n' : ' ';
        int last = sb.length() - 1;
        if (last >= 0 && (sb.charAt(last) == ' ' || sb.charAt(last) == '\n')) {
          if (w == '\n') {
            sb.setCharAt(last, '\n');
          }
          ends[last] = to;
          return;
        }
        c = w;
      } else if (Character.isISOControl(c)) {
        return;
      }
      int at = sb.length();
      sb.appendCodePoint(c);
      while (at < sb.length()) {
        if (at == starts.length) {
          starts = java.util.Arrays.copyOf(starts, at * 2);
          ends = java.util.Arrays.copyOf(ends, at * 2);
        }
        starts[at] = from;
        ends[at] = to;
        at++;
      }
    }

    FoldedText build() {
      int mixed = Homoglyphs.latinizeMixedWords(sb);
      return new FoldedText(sb.toString(), starts, ends, zeroWidthInWords, tagChars, mixed);
    }
  }
}
