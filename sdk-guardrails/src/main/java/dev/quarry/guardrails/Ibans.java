package dev.quarry.guardrails;

import java.util.List;
import java.util.Set;

/**
 * International bank account numbers: a country code of a country that issues IBANs, two check digits, up to 30
 * letters and digits (15 to 34 in all), written together or in groups of four, upper case, passing the ISO 13616
 * mod-97 check. Stateless.
 */
final class Ibans {
  private static final Set<String> COUNTRIES = Set.of(("AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO"
      + " EE EG ES FI FK FO FR GB GE GI GL GR GT HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK"
      + " MN MR MT MU NI NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA VA VG XK YE")
      .split(" "));

  private Ibans() {}

  /** A {@link RegexFinder.Validator}: adds the IBAN that starts the run {@code [start, end)}, if any. */
  static void validate(String text, int start, int end, Redactor.Category category, List<Span> out) {
    if (!COUNTRIES.contains(text.substring(start, start + 2))) {
      return;
    }
    // candidate ends: at each space, longest first; groups after the first must have four chars but the last
    int[] ends = new int[12];
    int count = 0;
    int groupStart = start;
    boolean spaced = false;
    for (int k = start; k <= end && count < ends.length; k++) {
      if (k == end || text.charAt(k) == ' ') {
        if (k > groupStart) {
          ends[count++] = k;
        }
        spaced |= k < end;
        groupStart = k + 1;
      }
    }
    for (int c = count - 1; c >= 0; c--) {
      if (acceptsUpTo(text, start, ends, c, spaced)) {
        out.add(new Span(category, start, ends[c]));
        return;
      }
    }
  }

  private static boolean acceptsUpTo(String text, int start, int[] ends, int last, boolean spaced) {
    if (!DigitGroups.endsCleanly(text, ends[last])) {
      return false;
    }
    StringBuilder compact = new StringBuilder(40);
    int groupStart = start;
    for (int c = 0; c <= last; c++) {
      int length = ends[c] - groupStart;
      if (spaced && c < last && length != 4 || c == last && c > 0 && length > 4) {
        return false;
      }
      compact.append(text, groupStart, ends[c]);
      groupStart = ends[c] + 1;
    }
    return compact.length() >= 15 && compact.length() <= 34 && mod97(compact) == 1;
  }

  /** The ISO 7064 mod 97-10 remainder of an IBAN: first four chars moved to the end, letters as 10 to 35. */
  static int mod97(CharSequence iban) {
    int remainder = 0;
    int n = iban.length();
    for (int k = 0; k < n; k++) {
      char c = iban.charAt((k + 4) % n);
      if (c >= '0' && c <= '9') {
        remainder = (remainder * 10 + (c - '0')) % 97;
      } else {
        remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
      }
    }
    return remainder;
  }
}
