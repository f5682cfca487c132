package dev.quarry.rag.budget;

import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the live hits into candidates: one per hit, or, when merging, one per run of overlapping, touching or
 * adjacent chunks of the same document (see {@link Candidate}). Candidates come back best first: by their best
 * score, ties by the earliest hit.
 *
 * <p>Stateless and thread-safe.
 */
final class PassageMerger {
  private PassageMerger() {}

  static List<Candidate> candidates(List<SearchHit> hits, List<Integer> live, boolean merge) {
    List<Candidate> candidates = new ArrayList<>();
    if (!merge) {
      for (int i : live) {
        candidates.add(new Candidate(i, hits.get(i)));
      }
    } else {
      Map<String, List<Integer>> byDocument = new LinkedHashMap<>();
      for (int i : live) {
        byDocument.computeIfAbsent(hits.get(i).chunk().documentId(), d -> new ArrayList<>()).add(i);
      }
      for (List<Integer> group : byDocument.values()) {
        mergeDocument(hits, group, candidates);
      }
    }
    candidates.sort(
        Comparator.comparingDouble((Candidate c) -> -c.score()).thenComparingInt(Candidate::firstHit));
    return candidates;
  }

  /** Sweeps one document's chunks in offset order, growing the current candidate while they join it. */
  private static void mergeDocument(List<SearchHit> hits, List<Integer> group, List<Candidate> out) {
    List<Integer> ordered = new ArrayList<>();
    for (int i : group) {
      if (Candidate.mergeable(hits.get(i).chunk())) {
        ordered.add(i);
      } else {
        out.add(new Candidate(i, hits.get(i)));
      }
    }
    ordered.sort(
        Comparator.comparingInt((Integer i) -> hits.get(i).chunk().startOffset())
            .thenComparing(i -> -hits.get(i).chunk().endOffset())
            .thenComparing(i -> i));
    Candidate current = null;
    for (int i : ordered) {
      if (current == null || !current.tryMerge(i, hits.get(i))) {
        current = new Candidate(i, hits.get(i));
        out.add(current);
      }
    }
  }
}
