package dev.quarry.guardrails;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Telephone numbers in a run of digits and separators. Without a cue word before it, a run is a phone number
 * only in one of three layouts: international ({@code +} or {@code 00}, country code, 8 to 15 digits in all),
 * North American ({@code (212) 555-0142}, {@code 212-555-0142}, {@code 1 800 555 0199}: area code and exchange
 * not starting with 0 or 1), or national with a trunk {@code 0} and separators ({@code 030 1234567},
 * {@code 020 7946 0958}, {@code 06 12 34 56 78}: 9 to 12 digits). After a cue word ({@code tel}, {@code phone},
 * {@code fax}, {@code mobile}, {@code call}, {@code Telefon}, ...) any 6 to 15 digits count. Years, ranges
 * ({@code 1999-2004}), dates, decimals, p-values, DOIs and counts fit none of these. Stateless.
 */
final class PhoneNumbers {
  private static final Pattern CUE = Pattern.compile(
      "(?<!\\p{L})(?:tel|phone|telephone|fax|mobile|mob|cell|call|hotline|whatsapp|sms|telefon|telefonnummer"
          + "|handy|mobil|rufnummer|t\u00e9l|t\u00e9l\u00e9phone)\\.?[ \\t]{0,3}(?:no\\.?|nr\\.?|number|nummer)?"
          + "[ \\t]{0,2}[:.#]?[ \\t]{0,3}$");

  private PhoneNumbers() {}

  /**
   * A {@link RegexFinder.Validator}: adds the phone numbers found in the run {@code [start, end)} of digits,
   * spaces, brackets, dots, slashes and dashes (at most 61 chars, see {@link RunFinder}).
   */
  static void validate(String text, int start, int end, Redactor.Category category, List<Span> out) {
    DigitGroups g = new DigitGroups(text, start, end);
    int i = 0;
    while (i < g.count()) {
      int found = -1;
      for (int j = Math.min(g.count(), i + 8); j > i && found < 0; j--) {
        if (accepts(text, start, g, i, j)) {
          found = j;
        }
      }
      if (found < 0) {
        return; // a phone number starts the run or follows another one, never mid-run
      }
      out.add(new Span(category, spanStart(text, start, g, i), g.end(found - 1)));
      i = found;
    }
  }

  /** Where a number made of groups from {@code i} starts: with its {@code +} and opening bracket. */
  private static int spanStart(String text, int runStart, DigitGroups g, int i) {
    int s = g.start(i);
    if (s > runStart && text.charAt(s - 1) == '(') {
      s--;
    }
    if (s > runStart && text.charAt(s - 1) == '+') {
      s--;
    }
    return s;
  }

  private static boolean accepts(String text, int runStart, DigitGroups g, int i, int j) {
    int s = spanStart(text, runStart, g, i);
    if (s > runStart && !DigitGroups.startsCleanly(text, s)) {
      return false;
    }
    if (!DigitGroups.endsCleanly(text, g.end(j - 1))) {
      return false;
    }
    for (int k = i + 1; k < j; k++) {
      if (!plausibleSeparator(g.separatorBefore(k))) {
        return false;
      }
    }
    int digits = g.digits(i, j);
    boolean plus = text.charAt(s) == '+';
    if (plus || (g.length(i) >= 3 && text.startsWith("00", g.start(i)))) {
      return international(g, i, j, digits, plus);
    }
    if (northAmerican(text, g, i, j)) {
      return true;
    }
    if (national(text, s, g, i, j, digits)) {
      return true;
    }
    return digits >= 6 && digits <= 15 && cued(text, s);
  }

  /** {@code +49 30 1234567}, {@code +1-212-555-0142}, {@code 0049 30 1234567}. */
  private static boolean international(DigitGroups g, int i, int j, int digits, boolean plus) {
    int national = plus ? digits : digits - 2;
    if (national < 8 || national > 15 || g.firstDigit(i) == '0' && plus) {
      return false;
    }
    if (j - i == 1) {
      return digits >= 10;
    }
    // a decimal such as +12.3456789 is not a phone number
    return !(j - i == 2 && g.separatorBefore(i + 1).equals("."));
  }

  /** {@code (212) 555-0142}, {@code 212-555-0142}, {@code 212.555.0142}, {@code 1 800 555 0199}. */
  private static boolean northAmerican(String text, DigitGroups g, int i, int j) {
    int first = i;
    String lead = "";
    if (j - i == 4 && g.length(i) == 1 && g.firstDigit(i) == '1') {
      first = i + 1;
      lead = g.separatorBefore(first);
      if (!(lead.equals(" ") || lead.equals("-") || lead.equals(".") || lead.equals(" ("))) {
        return false;
      }
    } else if (j - i != 3) {
      return false;
    }
    if (g.length(first) != 3 || g.length(first + 1) != 3 || g.length(first + 2) != 4) {
      return false;
    }
    if (g.firstDigit(first) < '2' || g.firstDigit(first + 1) < '2') {
      return false;
    }
    String s1 = g.separatorBefore(first + 1);
    String s2 = g.separatorBefore(first + 2);
    boolean bracketed = g.start(first) > 0 && text.charAt(g.start(first) - 1) == '(';
    if (bracketed) {
      return (s1.equals(") ") || s1.equals(")") || s1.equals(")-")) && (s2.equals("-") || s2.equals(" ")
          || s2.equals("."));
    }
    return s1.equals(s2) && (s1.equals("-") || s1.equals(".") || s1.equals(" "));
  }

  /** A trunk {@code 0} and separators: {@code 030 1234567}, {@code (030) 1234567}, {@code 06 12 34 56 78}. */
  private static boolean national(String text, int s, DigitGroups g, int i, int j, int digits) {
    if (g.firstDigit(i) != '0' || g.length(i) < 2 || g.length(i) > 5 || text.charAt(g.start(i) + 1) == '0') {
      return false;
    }
    if (digits < 9 || digits > 12 || j - i < 2) {
      return false;
    }
    boolean bracketed = text.charAt(s) == '(';
    String common = null;
    for (int k = i + 1; k < j; k++) {
      if (g.length(k) < 2) {
        return false;
      }
      String sep = g.separatorBefore(k);
      if (k == i + 1 && bracketed) {
        if (!(sep.equals(") ") || sep.equals(")"))) {
          return false;
        }
        continue;
      }
      if (sep.contains("(") || sep.contains(")")) {
        return false;
      }
      if (common == null) {
        common = sep;
      } else if (!common.equals(sep)) {
        return false;
      }
    }
    return true;
  }

  /** At most one dash, dot or slash, brackets and spaces, up to 3 chars. */
  private static boolean plausibleSeparator(String sep) {
    if (sep.length() > 3) {
      return false;
    }
    int marks = 0;
    for (int k = 0; k < sep.length(); k++) {
      char c = sep.charAt(k);
      if (c == '-' || c == '.' || c == '/') {
        marks++;
      }
    }
    return marks <= 1;
  }

  /** Whether a cue word ({@code tel}, {@code phone}, {@code fax}, ...) ends right before {@code s}. */
  private static boolean cued(String text, int s) {
    String before = text.substring(Math.max(0, s - 30), s).toLowerCase(Locale.ROOT);
    return CUE.matcher(before).find();
  }
}
