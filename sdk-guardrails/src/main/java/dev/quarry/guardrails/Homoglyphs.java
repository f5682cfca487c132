package dev.quarry.guardrails;

/**
 * Cyrillic and Greek letters that look like Latin ones, for words that mix the scripts (a common way to slip a
 * keyword past a filter). Only lower case: the text is lower-cased first. Stateless.
 */
final class Homoglyphs {
  private static final String FROM = "\u0430\u0432\u0435\u0451\u0456\u0457\u0458\u043a\u043c\u043d\u043e\u0440"
      + "\u0441\u0442\u0443\u0445\u0455\u04bb\u0501\u051b\u051d\u04cf\u0491\u0433"
      + "\u03b1\u03b2\u03b3\u03b5\u03b7\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7\u03c9\u03f2";
  private static final String TO = "abeeiijkmhopctyxshdqwlrr" + "abyenikvoptuxwc";

  private Homoglyphs() {}

  /**
   * Replaces, in place, the Cyrillic and Greek look-alikes in each word of {@code sb} that also holds Latin
   * letters. Returns the number of words that mixed Latin and Cyrillic (Greek letters in Latin words are common
   * in scientific text, {@code TNFα}, and are not counted). Linear.
   */
  static int latinizeMixedWords(StringBuilder sb) {
    int words = 0;
    int i = 0;
    int n = sb.length();
    while (i < n) {
      if (!Character.isLetter(sb.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      boolean latin = false;
      boolean other = false;
      boolean cyrillic = false;
      while (i < n && Character.isLetter(sb.charAt(i))) {
        char c = sb.charAt(i);
        if (c < 0x250) {
          latin = true;
        } else if (c >= 0x370 && c < 0x530) {
          other = true;
          cyrillic |= c >= 0x400;
        }
        i++;
      }
      if (latin && other) {
        words += cyrillic ? 1 : 0;
        for (int k = start; k < i; k++) {
          int at = FROM.indexOf(sb.charAt(k));
          if (at >= 0) {
            sb.setCharAt(k, TO.charAt(at));
          }
        }
      }
    }
    return words;
  }
}
