package dev.quarry.guardrails;

import java.util.List;

/**
 * Finds runs of digits and separators ({@code "+49 (30) 123-4567"}) by hand, one pass over the text, and hands
 * each to a {@link RegexFinder.Validator}: a run starts at a digit (or at one of {@code openers} before a digit)
 * that does not follow a letter, digit or joiner ({@code _ + . , / -}), and goes on over digits and
 * {@code separators} for at most {@code maxLength} chars. The next run is looked for after the end of this one,
 * so each char is read a bounded number of times. Immutable and thread-safe.
 */
final class RunFinder implements SpanFinder {
  private final Redactor.Category category;
  private final String openers;
  private final String separators;
  private final int minLength;
  private final int maxLength;
  private final RegexFinder.Validator validator;

  RunFinder(Redactor.Category category, String openers, String separators, int minLength, int maxLength,
      RegexFinder.Validator validator) {
    this.category = category;
    this.openers = openers;
    this.separators = separators;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.validator = validator;
  }

  @Override
  public void find(String text, List<Span> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      boolean digit = DigitGroups.isDigit(c);
      boolean opener = !digit && openers.indexOf(c) >= 0 && i + 1 < n && DigitGroups.isDigit(text.charAt(i + 1));
      if (!(digit || opener) || i > 0 && joined(text.charAt(i - 1))) {
        i++;
        continue;
      }
      int end = i + 1;
      int limit = Math.min(n, i + maxLength);
      while (end < limit && (DigitGroups.isDigit(text.charAt(end)) || separators.indexOf(text.charAt(end)) >= 0)) {
        end++;
      }
      if (end - i >= minLength) {
        validator.validate(text, i, end, category, out);
      }
      i = end;
    }
  }

  private static boolean joined(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '+' || c == '.' || c == ',' || c == '/' || c == '-';
  }
}
