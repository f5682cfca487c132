package dev.quarry.rag.retrieval;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Steps shared by the fusions: checking and de-duplicating the input lists, ordering the output. Stateless. */
final class RankedLists {
  /** Higher score first; equal scores by chunk id, so the order never depends on hashing or timing. */
  static final Comparator<SearchHit> BEST_FIRST =
      Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::id);

  private RankedLists() {}

  /**
   * The lists, checked, each without repeated chunk ids (the first, best placed, occurrence is kept).
   *
   * @throws IllegalArgumentException if {@code rankings} or one of its lists is null or holds null
   */
  static List<List<SearchHit>> distinct(List<? extends List<SearchHit>> rankings) {
    if (rankings == null) {
      throw new IllegalArgumentException("rankings must not be null");
    }
    List<List<SearchHit>> out = new ArrayList<>(rankings.size());
    for (int i = 0; i < rankings.size(); i++) {
      List<SearchHit> list = rankings.get(i);
      if (list == null) {
        throw new IllegalArgumentException("ranking " + i + " must not be null");
      }
      Set<String> seen = new HashSet<>();
      List<SearchHit> unique = new ArrayList<>(list.size());
      for (SearchHit hit : list) {
        if (hit == null) {
          throw new IllegalArgumentException("ranking " + i + " must not contain null hits");
        }
        if (seen.add(hit.id())) {
          unique.add(hit);
        }
      }
      out.add(unique);
    }
    return out;
  }

  /** Every chunk of the lists once, by id, in the order first met (earlier lists first). */
  static Map<String, Chunk> union(List<List<SearchHit>> lists) {
    Map<String, Chunk> chunks = new LinkedHashMap<>();
    for (List<SearchHit> list : lists) {
      for (SearchHit hit : list) {
        chunks.putIfAbsent(hit.id(), hit.chunk());
      }
    }
    return chunks;
  }

  /** One hit per chunk with its fused score, best first. */
  static List<SearchHit> bestFirst(Map<String, Chunk> chunks, Map<String, Double> scores) {
    List<SearchHit> hits = new ArrayList<>(chunks.size());
    chunks.forEach((id, chunk) -> hits.add(new SearchHit(chunk, scores.get(id))));
    hits.sort(BEST_FIRST);
    return List.copyOf(hits);
  }

  /** The first {@code n} hits (all of them if fewer). */
  static List<SearchHit> top(List<SearchHit> hits, int n) {
    return hits.size() <= n ? hits : List.copyOf(hits.subList(0, n));
  }
}
