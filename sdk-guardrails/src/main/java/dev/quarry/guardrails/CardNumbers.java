package dev.quarry.guardrails;

import java.util.List;

/**
 * Payment card numbers: written together or in groups of four (Amex and Diners: 4-6-5 and 4-6-4) separated by
 * one kind of separator (space or dash), with a length the issuer uses (Visa 13, 16 or 19 digits; Mastercard
 * 16; Amex 15; Diners 14 or 16; JCB, Discover, UnionPay and Maestro 16 to 19), passing the Luhn check.
 * Stateless.
 */
final class CardNumbers {
  private CardNumbers() {}

  /**
   * A {@link RegexFinder.Validator}: adds the card numbers found in the run {@code [start, end)} of digits,
   * spaces and dashes (at most 41 chars, see {@link RunFinder}).
   */
  static void validate(String text, int start, int end, Redactor.Category category, List<Span> out) {
    DigitGroups g = new DigitGroups(text, start, end);
    int i = 0;
    while (i < g.count()) {
      int found = -1;
      for (int j = Math.min(g.count(), i + 5); j > i && found < 0; j--) {
        if (accepts(text, start, g, i, j)) {
          found = j;
        }
      }
      if (found > 0) {
        out.add(new Span(category, g.start(i), g.end(found - 1)));
        i = found;
      } else {
        i++;
      }
    }
  }

  private static boolean accepts(String text, int runStart, DigitGroups g, int i, int j) {
    int digits = g.digits(i, j);
    if (digits < 13 || digits > 19 || g.length(i) < 2
        || !issuerLength(g.firstDigit(i), text.charAt(g.start(i) + 1), digits)) {
      return false;
    }
    if (g.start(i) > runStart && !DigitGroups.startsCleanly(text, g.start(i))) {
      return false;
    }
    if (!DigitGroups.endsCleanly(text, g.end(j - 1)) || !grouped(g, i, j)) {
      return false;
    }
    return luhn(g.digitString(i, j));
  }

  /** One group, or groups of four (the last one to four digits), or 4-6-5 or 4-6-4, one kind of separator. */
  private static boolean grouped(DigitGroups g, int i, int j) {
    if (j - i == 1) {
      return true;
    }
    String sep = g.separatorBefore(i + 1);
    if (!(sep.equals(" ") || sep.equals("-"))) {
      return false;
    }
    for (int k = i + 2; k < j; k++) {
      if (!g.separatorBefore(k).equals(sep)) {
        return false;
      }
    }
    if (j - i == 3 && g.length(i) == 4 && g.length(i + 1) == 6 && (g.length(i + 2) == 5 || g.length(i + 2) == 4)) {
      return true;
    }
    for (int k = i; k < j - 1; k++) {
      if (g.length(k) != 4) {
        return false;
      }
    }
    return g.length(j - 1) >= 1 && g.length(j - 1) <= 4;
  }

  /** Whether cards starting with {@code first} and {@code second} have {@code digits} digits. */
  private static boolean issuerLength(char first, char second, int digits) {
    return switch (first) {
      case '4' -> digits == 13 || digits == 16 || digits == 19;
      case '2', '5' -> digits == 16;
      case '3' -> switch (second) {
        case '4', '7' -> digits == 15;
        case '0', '6', '8', '9' -> digits == 14 || digits == 16;
        case '5' -> digits >= 16 && digits <= 19;
        default -> false;
      };
      case '6' -> digits >= 16 && digits <= 19;
      default -> false;
    };
  }

  /** The Luhn (mod 10) check of a string of ASCII digits. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int k = digits.length() - 1; k >= 0; k--) {
      int d = digits.charAt(k) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
