package dev.quarry.guardrails;

import java.util.List;

/**
 * Finds IBAN candidates by hand, one pass over the text: two upper-case letters and two digits that do not
 * follow a letter, digit or underscore, then up to 40 upper-case letters, digits and spaces; each goes to
 * {@link Ibans#validate}. Immutable and thread-safe.
 */
final class IbanFinder implements SpanFinder {
  private static final int MAX_TAIL = 40;

  @Override
  public void find(String text, List<Span> out) {
    int n = text.length();
    int i = 0;
    while (i + 15 <= n) {
      if (!(upper(text.charAt(i)) && upper(text.charAt(i + 1)) && DigitGroups.isDigit(text.charAt(i + 2))
          && DigitGroups.isDigit(text.charAt(i + 3))) || i > 0 && joined(text.charAt(i - 1))) {
        i++;
        continue;
      }
      int end = i + 4;
      int limit = Math.min(n, end + MAX_TAIL);
      while (end < limit && (upper(text.charAt(end)) || DigitGroups.isDigit(text.charAt(end))
          || text.charAt(end) == ' ')) {
        end++;
      }
      if (end - i >= 15) {
        Ibans.validate(text, i, end, Redactor.Category.IBAN, out);
      }
      i = end;
    }
  }

  private static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean joined(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
