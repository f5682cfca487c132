package dev.quarry.rag.pipeline;

import dev.quarry.rag.budget.Passage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  private CitationParser() {}

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

  /** Citations of the numbers that name a passage, and the numbers that do not, split. */
  static Resolved resolve(List<Integer> numbers, List<Passage> passages) {
    List<Citation> citations = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    for (int number : numbers) {
      if (number >= 1 && number <= passages.size()) {
        Passage p = passages.get(number - 1);
        citations.add(new Citation(number, p.documentId(), p.chunkIds(), p.source()));
      } else {
        unknown.add(number);
      }
    }
    return new Resolved(citations, unknown);
  }

  /** Citations resolved against a context. */
  record Resolved(List<Citation> citations, List<Integer> unknown) {}
}
