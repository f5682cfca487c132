package dev.quarry.guardrails;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link SpanFinder} over a regular expression: each match (or one of its groups) is a candidate, which an
 * optional {@link Validator} accepts, narrows or rejects. A finder may name literal hints, one of which every
 * match contains ({@code "@"} for e-mail addresses, {@code "AKIA"} for AWS keys): a text without any is skipped
 * without running the expression. Immutable and thread-safe.
 */
final class RegexFinder implements SpanFinder {
  /** Decides about one candidate span. */
  @FunctionalInterface
  interface Validator {
    /**
     * Adds the accepted parts of {@code [start, end)} of {@code text} to {@code out}, as spans of
     * {@code category}: none, the whole candidate, or narrower spans inside it.
     */
    void validate(String text, int start, int end, Redactor.Category category, List<Span> out);
  }

  private final Redactor.Category category;
  private final Pattern pattern;
  private final int group;
  private final Validator validator;
  private final List<String> hints;
  private final boolean hintsIgnoreCase;

  private RegexFinder(Redactor.Category category, Pattern pattern, int group, Validator validator,
      List<String> hints, boolean hintsIgnoreCase) {
    this.category = category;
    this.pattern = pattern;
    this.group = group;
    this.validator = validator;
    this.hints = hints;
    this.hintsIgnoreCase = hintsIgnoreCase;
  }

  /** Every match is a span; every match contains one of {@code hints}. */
  static RegexFinder of(Redactor.Category category, String regex, String... hints) {
    return new RegexFinder(category, Pattern.compile(regex), 0, null, List.of(hints), false);
  }

  /**
   * Group {@code group} of every match is a candidate for {@code validator} (null: accepted as it is); every
   * match contains one of {@code hints}, in any case if {@code hintsIgnoreCase}.
   */
  static RegexFinder of(Redactor.Category category, String regex, int group, Validator validator,
      boolean hintsIgnoreCase, String... hints) {
    return new RegexFinder(category, Pattern.compile(regex), group, validator, List.of(hints), hintsIgnoreCase);
  }

  @Override
  public void find(String text, List<Span> out) {
    if (!hinted(text)) {
      return;
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      int start = m.start(group);
      int end = m.end(group);
      if (start < 0 || start == end) {
        continue;
      }
      if (validator == null) {
        out.add(new Span(category, start, end));
      } else {
        validator.validate(text, start, end, category, out);
      }
    }
  }

  private boolean hinted(String text) {
    if (hints.isEmpty()) {
      return true;
    }
    String haystack = hintsIgnoreCase ? text.toLowerCase(Locale.ROOT) : text;
    for (String hint : hints) {
      if (haystack.contains(hint)) {
        return true;
      }
    }
    return false;
  }
}
