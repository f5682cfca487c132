package dev.quarry.rag.budget;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Puts the best items at the edges and the weakest in the middle, because language models use the start and the
 * end of a long context better than its middle: ranks 1, 3, 5, ... from the start, ranks 2, 4, 6, ... from the
 * end. So the first item is rank 1 and the last is rank 2.
 *
 * <p>Stateless and thread-safe.
 */
final class LongContextOrder {
  private LongContextOrder() {}

  /** {@code byRank} (best first) rearranged edges-first. */
  static <T> List<T> arrange(List<T> byRank) {
    List<T> front = new ArrayList<>();
    List<T> back = new ArrayList<>();
    for (int i = 0; i < byRank.size(); i++) {
      (i % 2 == 0 ? front : back).add(byRank.get(i));
    }
    Collections.reverse(back);
    front.addAll(back);
    return front;
  }
}
