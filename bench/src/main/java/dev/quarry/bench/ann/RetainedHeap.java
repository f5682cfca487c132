package dev.quarry.bench.ann;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after full collections, to measure what an index retains: the difference of two readings taken
 * around a build, with the index still reachable at the second one. Approximate: besides collection noise (well
 * under a megabyte), it includes whatever the library initialises statically on first use (a few megabytes for
 * Lucene's codecs), which matters only for small sets such as sift5k.
 */
final class RetainedHeap {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private RetainedHeap() {}

  /** Bytes of heap in use after collecting garbage until the reading settles (at most five collections). */
  static long used() {
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long used = MEMORY.getHeapMemoryUsage().getUsed();
      if (used >= previous - (1 << 16)) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }
}
