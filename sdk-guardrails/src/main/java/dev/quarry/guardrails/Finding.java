package dev.quarry.guardrails;

/**
 * What a guard found, and where: a category and a span of the text that guard checked, never the matched text
 * itself, so that a finding can be logged without leaking the secret it points at.
 *
 * <p>{@code start} and {@code end} are UTF-16 offsets ({@link String#substring(int, int)} semantics) into the
 * text the guard named by {@code guard} was given; in a {@link TextGuard#chain chain}, that is the output of the
 * guards before it.
 *
 * @param guard the name of the guard that made the finding, such as {@code "redactor"} or {@code "injection"}
 * @param category what was found, such as {@code "EMAIL"} or {@code "instruction_override"}
 * @param start the first char of the span, at least 0
 * @param end the char after the span, at least {@code start}
 */
public record Finding(String guard, String category, int start, int end) {
  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if {@code guard} or {@code category} is blank, {@code start} is negative or
   *     {@code end} is before {@code start}
   */
  public Finding {
    Checks.requireNonBlank(guard, "guard");
    Checks.requireNonBlank(category, "category");
    if (start < 0) {
      throw new IllegalArgumentException("start must be >= 0, was " + start);
    }
    if (end < start) {
      throw new IllegalArgumentException("end must be >= start (" + start + "), was " + end);
    }
  }
}
