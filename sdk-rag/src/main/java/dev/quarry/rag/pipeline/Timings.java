package dev.quarry.rag.pipeline;

import java.time.Duration;

/**
 * Where the time of one {@link Rag#ask} went.
 *
 * <p>Immutable and thread-safe.
 *
 * @param retrieve the retriever's call
 * @param pack fitting the hits into the context budget
 * @param generate the chat model's calls (both, in two-stage mode), or the extraction of sentences
 * @param total the whole call, at least the sum of the others
 */
public record Timings(Duration retrieve, Duration pack, Duration generate, Duration total) {
  public Timings {
    for (Duration d : new Duration[] {retrieve, pack, generate, total}) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("timings must be non-null and non-negative, were " + retrieve + ", "
            + pack + ", " + generate + ", " + total);
      }
    }
  }
}
