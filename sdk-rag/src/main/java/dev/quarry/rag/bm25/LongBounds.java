package dev.quarry.rag.bm25;

import java.util.function.LongPredicate;

/**
 * Turns a comparison between a whole number and a decimal into a range of whole numbers. {@code Filter} compares
 * a stored {@code long} with a {@code double} bound as {@code (double) stored}; since that conversion never
 * decreases, the longs that pass form one interval, found here by binary search so rounding near 2^53 and beyond
 * is exactly the conversion's. Stateless and thread-safe.
 */
final class LongBounds {
  private LongBounds() {}

  /** The smallest long whose double value is above {@code bound} (or equal, if inclusive); null if none is. */
  static Long lowest(double bound, boolean inclusive) {
    return first(inclusive ? l -> (double) l >= bound : l -> (double) l > bound);
  }

  /** The largest long whose double value is below {@code bound} (or equal, if inclusive); null if none is. */
  static Long highest(double bound, boolean inclusive) {
    Long above = first(inclusive ? l -> (double) l > bound : l -> (double) l >= bound);
    if (above == null) {
      return Long.MAX_VALUE;
    }
    return above == Long.MIN_VALUE ? null : above - 1;
  }

  /** The first long for which a predicate that is false, then true, turns true; null if it never does. */
  private static Long first(LongPredicate test) {
    if (test.test(Long.MIN_VALUE)) {
      return Long.MIN_VALUE;
    }
    if (!test.test(Long.MAX_VALUE)) {
      return null;
    }
    long no = Long.MIN_VALUE; // test(no) is false
    long yes = Long.MAX_VALUE; // test(yes) is true
    while (Long.compareUnsigned(yes - no, 1) > 0) { // yes > no, so the unsigned difference is exact
      long mid = (no & yes) + ((no ^ yes) >> 1); // floor of the average, without overflow
      if (test.test(mid)) {
        yes = mid;
      } else {
        no = mid;
      }
    }
    return yes;
  }
}
