package dev.quarry.guardrails;

import java.util.List;

/** The span finders of each {@link Redactor.Category}. Stateless. */
final class RedactionRules {
  /**
   * E-mail addresses: a local part of up to 64 chars that starts after a char it could not hold (so a start
   * position is tried once per token, never once per char of a long run), {@code @}, up to 8 dot-separated
   * labels and a top-level domain of letters.
   */
  static final String EMAIL = "(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]{1,64}+@"
      + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\\-])";

  private RedactionRules() {}

  static List<SpanFinder> finders(Redactor.Category category) {
    return switch (category) {
      case EMAIL -> List.of(RegexFinder.of(category, EMAIL, "@"));
      case PHONE -> List.of(new RunFinder(category, "+(", " ()./-", 5, 61, PhoneNumbers::validate));
      case CARD -> List.of(new RunFinder(category, "", " -", 12, 41, CardNumbers::validate));
      case IBAN -> List.of(new IbanFinder());
      case API_KEY -> Secrets.finders();
    };
  }
}
