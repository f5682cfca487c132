package dev.quarry.rag.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Relevance judgments: per query id, the judged document ids and their grades. A grade above zero means relevant;
 * nDCG uses the grade as the gain, the other metrics only whether it is above zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class Qrels {
  private final Map<String, Map<String, Integer>> byQuery;

  private Qrels(Map<String, Map<String, Integer>> byQuery) {
    this.byQuery = byQuery;
  }

  /**
   * Judgments from a map of query id to (document id to grade); copied.
   *
   * @throws IllegalArgumentException if a query has no judgments or a grade is negative
   */
  public static Qrels of(Map<String, Map<String, Integer>> judgments) {
    if (judgments == null) {
      throw new IllegalArgumentException("judgments must not be null");
    }
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    judgments.forEach((query, grades) -> {
      if (query == null || grades == null || grades.isEmpty()) {
        throw new IllegalArgumentException("query '" + query + "' has no judgments");
      }
      grades.forEach((doc, grade) -> {
        if (doc == null || grade == null || grade < 0) {
          throw new IllegalArgumentException(
              "query '" + query + "': document '" + doc + "' has grade " + grade + ", grades must be 0 or more");
        }
      });
      copy.put(query, Map.copyOf(grades));
    });
    return new Qrels(java.util.Collections.unmodifiableMap(copy));
  }

  /** The judged query ids, in file order. */
  public Set<String> queryIds() {
    return byQuery.keySet();
  }

  /** The grades of one query's judged documents (empty if the query is not judged). */
  public Map<String, Integer> grades(String queryId) {
    return byQuery.getOrDefault(queryId, Map.of());
  }

  /** Number of judged queries. */
  public int size() {
    return byQuery.size();
  }
}
