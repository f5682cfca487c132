package dev.quarry.rag.pipeline;

/**
 * Which sentences an extractive answer may quote: statements that read whole on their own. Left out are
 * questions (a question does not answer one), headings and captions (no closing punctuation), fragments cut at a
 * chunk's edge (starting in lower case, or ending without punctuation), very short ones, run-ons longer than
 * {@value #MAX_CHARS} chars (a table or list without stops), and text that is mostly not letters (JSON, code,
 * numbers).
 *
 * <p>Stateless and thread-safe.
 */
final class QuotableSentences {
  /** Longer "sentences" are run-ons (a table or a list without stops) and are not quoted. */
  static final int MAX_CHARS = 500;
  /** Words a sentence needs in a script that separates words by spaces. */
  static final int MIN_WORDS = 4;
  /** Characters a sentence needs in a script that does not separate words (Chinese, Japanese). */
  static final int MIN_CHARS_UNSPACED = 8;
  /** The share of letters among the non-space characters a sentence needs. */
  static final double MIN_LETTER_SHARE = 0.5;

  private static final String CLOSERS = ")]}\"'’”»」』）";
  private static final String OPENERS = "\"'“‘«(「『（";
  private static final String ENDS = ".!。！…";

  private QuotableSentences() {}

  static boolean isQuotable(String sentence) {
    String s = sentence.strip();
    if (s.isEmpty() || s.length() > MAX_CHARS) {
      return false;
    }
    return endsAStatement(s) && startsASentence(s) && longEnough(s) && mostlyLetters(s);
  }

  private static boolean endsAStatement(String s) {
    int end = s.length();
    while (end > 0 && CLOSERS.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return end > 0 && ENDS.indexOf(s.charAt(end - 1)) >= 0;
  }

  private static boolean startsASentence(String s) {
    int first = s.codePointAt(0);
    if (OPENERS.indexOf(first) >= 0) {
      return s.length() > 1 && !Character.isLowerCase(s.codePointAt(1));
    }
    return Character.isLetterOrDigit(first) && !Character.isLowerCase(first);
  }

  private static boolean longEnough(String s) {
    long words = s.split("\\s+").length;
    return s.indexOf(' ') >= 0 ? words >= MIN_WORDS : s.codePointCount(0, s.length()) >= MIN_CHARS_UNSPACED;
  }

  private static boolean mostlyLetters(String s) {
    int letters = 0;
    int visible = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (!Character.isWhitespace(c)) {
        visible++;
        letters += Character.isLetter(c) ? 1 : 0;
      }
    }
    return letters >= MIN_LETTER_SHARE * visible;
  }
}
