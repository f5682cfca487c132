package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private-key blocks, {@code -----BEGIN ... PRIVATE KEY-----} to the matching {@code END} line; without an
 * {@code END}, the header and the lines of base64 right after it. Linear: the end markers are found in one pass and
 * paired with the headers in order. Immutable and thread-safe.
 */
final class PemBlocks implements SpanFinder {
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY-----");
  private static final Pattern END = Pattern.compile("-----END (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY-----");

  @Override
  public void find(String text, List<Span> out) {
    if (!text.contains("PRIVATE KEY-----")) {
      return;
    }
    List<int[]> ends = new ArrayList<>();
    Matcher e = END.matcher(text);
    while (e.find()) {
      ends.add(new int[] {e.start(), e.end()});
    }
    int next = 0;
    int consumed = 0;
    Matcher b = BEGIN.matcher(text);
    while (b.find()) {
      if (b.start() < consumed) {
        continue;
      }
      while (next < ends.size() && ends.get(next)[0] < b.end()) {
        next++;
      }
      int end;
      if (next < ends.size()) {
        end = ends.get(next++)[1];
      } else {
        end = base64LinesAfter(text, b.end());
      }
      out.add(new Span(Redactor.Category.API_KEY, b.start(), end));
      consumed = end;
    }
  }

  /** The end of the lines made only of base64 chars that follow {@code from} (the end of a header). */
  private static int base64LinesAfter(String text, int from) {
    int end = from;
    int k = from;
    while (k < text.length()) {
      if (text.charAt(k) == '\r') {
        k++;
      }
      if (k >= text.length() || text.charAt(k) != '\n') {
        return end;
      }
      k++;
      int bodyStart = k;
      while (k < text.length() && isBase64(text.charAt(k))) {
        k++;
      }
      boolean lineEnds = k == text.length() || text.charAt(k) == '\n' || text.charAt(k) == '\r';
      if (k == bodyStart || !lineEnds) {
        return end;
      }
      end = k;
    }
    return end;
  }

  private static boolean isBase64(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
  }
}
