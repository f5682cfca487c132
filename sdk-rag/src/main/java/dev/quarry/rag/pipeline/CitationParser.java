package dev.quarry.rag.pipeline;

import dev.quarry.rag.budget.Passage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the passage numbers an answer cites: {@code [3]}, {@code [1, 4]} or {@code [1; 4]}, in order of first
 * appearance, each once. Ranges such as {@code [1-3]} and other bracketed text are not citations.
 *
 * <p>Stateless and thread-safe.
 */
final class CitationParser {
  private static final Pattern MARKER = Pattern.compile("\\[\\s*(\\d{1,9}(?:\\s*[,;]\\s*\\d{1,9})*)\\s*\\]");
  private static final Pattern SEPARATOR = Pattern.compile("\\s*[,;]\\s*");
  private static final Pattern MARKER_AND_SPACE = Pattern.compile("\\s?" + MARKER.pattern());

  private CitationParser() {}

  /** {@code text} without its citation markers (and the space before each). */
  static String withoutMarkers(String text) {
    return MARKER_AND_SPACE.matcher(text).replaceAll("").strip();
  }

  /** The cited numbers of {@code text}, in order of first appearance, each once. */
  static List<Integer> numbers(String text) {
    Set<Integer> numbers = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      for (String number : SEPARATOR.split(m.group(1))) {
        numbers.add(Integer.parseInt(number));
      }
    }
    return List.copyOf(numbers);
  }

  /**
   * Resolves the passage numbers {@code text} cites against {@code passages} and renumbers its markers 1 to n in
   * the order they first appear, so the reader sees {@code [1]}, {@code [2]}, ... whatever the passages' numbers.
   * Numbers that name no passage are reported and left as they are in the text (they are above the passage count
   * or below 1, so never mistaken for a renumbered citation).
   */
  static Resolved resolve(String text, List<Passage> passages) {
    Map<Integer, Integer> shown = new LinkedHashMap<>();
    List<Citation> citations = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    for (int number : numbers(text)) {
      if (number >= 1 && number <= passages.size()) {
        int display = shown.size() + 1;
        shown.put(number, display);
        Passage p = passages.get(number - 1);
        citations.add(new Citation(display, number, p.documentId(), p.chunkIds(), p.source()));
      } else {
        unknown.add(number);
      }
    }
    Matcher m = MARKER.matcher(text);
    StringBuilder renumbered = new StringBuilder();
    while (m.find()) {
      List<String> parts = new ArrayList<>();
      for (String number : SEPARATOR.split(m.group(1))) {
        Integer display = shown.get(Integer.parseInt(number));
        parts.add(display == null ? number : display.toString());
      }
      m.appendReplacement(renumbered, Matcher.quoteReplacement("[" + String.join(", ", parts) + "]"));
    }
    m.appendTail(renumbered);
    return new Resolved(renumbered.toString(), citations, unknown);
  }

  /** The citations of a text whose markers already show 1 to n, {@code passages.get(shown.get(i) - 1)} for i + 1. */
  static Resolved shown(String text, List<Integer> shown, List<Passage> passages) {
    List<Citation> citations = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      Passage p = passages.get(shown.get(i) - 1);
      citations.add(new Citation(i + 1, shown.get(i), p.documentId(), p.chunkIds(), p.source()));
    }
    return new Resolved(text, citations, List.of());
  }

  /** Citations resolved against a context: the text with its markers renumbered, and what they cite. */
  record Resolved(String text, List<Citation> citations, List<Integer> unknown) {}
}
