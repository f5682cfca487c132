package dev.quarry.resilience;

import java.util.List;

/** How the failures of one call become the one exception it throws. Stateless and thread-safe. */
final class Failures {
  private Failures() {}

  /**
   * The last of {@code failures}, with the earlier ones attached as suppressed exceptions. An earlier failure that
   * is the last one itself (a model that throws one instance again and again), or is already attached to it, is not
   * attached again, so a shared exception does not grow from call to call.
   */
  static RuntimeException lastWithEarlier(List<RuntimeException> failures) {
    RuntimeException last = failures.getLast();
    for (RuntimeException earlier : failures.subList(0, failures.size() - 1)) {
      if (earlier != last && !attached(last, earlier)) {
        last.addSuppressed(earlier);
      }
    }
    return last;
  }

  private static boolean attached(Throwable to, Throwable failure) {
    for (Throwable suppressed : to.getSuppressed()) {
      if (suppressed == failure) {
        return true;
      }
    }
    return false;
  }
}
