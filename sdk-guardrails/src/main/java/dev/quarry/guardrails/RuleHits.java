package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule classes that matched one text: for each class its heaviest match (the earliest among equals), with a
 * span of the original text. Not thread-safe; one per detection.
 */
final class RuleHits {
  /** The heaviest match of one class. */
  record Hit(String rule, double weight, int start, int end) {}

  private final Map<String, Hit> hits = new LinkedHashMap<>();

  void add(String rule, double weight, int start, int end) {
    Hit old = hits.get(rule);
    if (old == null || weight > old.weight() || weight == old.weight() && start < old.start()) {
      hits.put(rule, new Hit(rule, weight, start, end));
    }
  }

  /** Whether class {@code rule} already has a match of at least {@code weight}. */
  boolean has(String rule, double weight) {
    Hit old = hits.get(rule);
    return old != null && old.weight() >= weight;
  }

  boolean isEmpty() {
    return hits.isEmpty();
  }

  /** The sum of the classes' weights. */
  double score() {
    double sum = 0;
    for (Hit h : hits.values()) {
      sum += h.weight();
    }
    return sum;
  }

  /** The hits, heaviest first, then in text order. */
  List<Hit> sorted() {
    List<Hit> list = new ArrayList<>(hits.values());
    list.sort(Comparator.comparingDouble(Hit::weight).reversed().thenComparingInt(Hit::start));
    return list;
  }
}
