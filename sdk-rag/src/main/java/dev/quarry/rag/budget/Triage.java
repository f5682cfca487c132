package dev.quarry.rag.budget;

import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The first step of a pack: sets aside hits with no text and duplicates (the same chunk id, or the same text
 * once whitespace is collapsed), keeping the best-scored copy, and hands on the rest.
 *
 * <p>Not thread-safe: one instance per pack call.
 */
final class Triage {
  private final List<SearchHit> hits;
  private final HitStatus[] status;
  private final int[] twin;
  private final List<Integer> live = new ArrayList<>();

  Triage(List<SearchHit> hits) {
    this.hits = hits;
    this.status = new HitStatus[hits.size()];
    this.twin = new int[hits.size()];
    Arrays.fill(twin, -1);
    Map<String, Integer> byId = new HashMap<>();
    Map<String, Integer> byText = new HashMap<>();
    for (int i : byScore(hits)) {
      SearchHit hit = hits.get(i);
      String text = hit.chunk().text();
      if (text.isBlank()) {
        status[i] = HitStatus.EMPTY;
        continue;
      }
      String normalised = normalise(text);
      Integer first = byId.get(hit.id());
      if (first == null) {
        first = byText.get(normalised);
      }
      if (first != null) {
        status[i] = HitStatus.DUPLICATE;
        twin[i] = first;
      } else {
        byId.put(hit.id(), i);
        byText.put(normalised, i);
        live.add(i);
      }
    }
    live.sort(null);
  }

  /** Hit indices, best score first, ties in input order. */
  private static List<Integer> byScore(List<SearchHit> hits) {
    return IntStream.range(0, hits.size())
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -hits.get(i).score()).thenComparing(i -> i))
        .toList();
  }

  private static String normalise(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** Indices of the hits that go on to become passages, in input order. */
  List<Integer> live() {
    return live;
  }

  /** {@link HitStatus#EMPTY}, {@link HitStatus#DUPLICATE}, or null for a live hit. */
  HitStatus status(int hit) {
    return status[hit];
  }

  /** For a duplicate, the index of the live hit it repeats; else -1. */
  int twin(int hit) {
    return twin[hit];
  }

  String reason(int hit) {
    return switch (status[hit]) {
      case EMPTY -> "the chunk has no text";
      case DUPLICATE ->
          hits.get(twin[hit]).id().equals(hits.get(hit).id())
              ? "the same chunk came with a better score (hit " + twin[hit] + ")"
              : "the same text came with a better score in chunk '" + hits.get(twin[hit]).id() + "'";
      default -> "";
    };
  }
}
