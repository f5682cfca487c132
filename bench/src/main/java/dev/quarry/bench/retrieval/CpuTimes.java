package dev.quarry.bench.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine's CPU time counters from {@code /proc/stat} (Linux), to show how much time a virtual machine's
 * hypervisor stole while a measurement ran. Elsewhere the counters read as absent.
 */
final class CpuTimes {
  private static final Path STAT = Path.of("/proc/stat");
  private static final int STEAL = 8;

  private CpuTimes() {}

  /** The aggregate "cpu" line's counters (user, nice, system, idle, iowait, irq, softirq, steal), or empty. */
  static long[] read() {
    try {
      String line = Files.readAllLines(STAT).get(0);
      String[] fields = line.trim().split("\\s+");
      long[] values = new long[fields.length - 1];
      for (int i = 1; i < fields.length; i++) {
        values[i - 1] = Long.parseLong(fields[i]);
      }
      return values;
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  /** Stolen time as a share of all CPU time between two readings, e.g. "3.1%", or "n/a". */
  static String stolenShare(long[] before, long[] after) {
    if (before.length <= STEAL - 1 || after.length <= STEAL - 1) {
      return "n/a";
    }
    long total = 0;
    for (int i = 0; i < Math.min(before.length, after.length) && i < 8; i++) {
      total += after[i] - before[i];
    }
    long stolen = after[STEAL - 1] - before[STEAL - 1];
    return total <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * stolen / total);
  }
}
