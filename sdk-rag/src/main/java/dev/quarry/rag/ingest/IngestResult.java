package dev.quarry.rag.ingest;

import dev.quarry.rag.loader.IngestReport;
import java.time.Duration;

/**
 * What an {@link Ingestor} run did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param files the loading report: files loaded, failures with their reasons, files skipped
 * @param chunks chunks embedded and stored
 * @param staleChunksRemoved chunks of re-ingested documents that the new version no longer has
 * @param elapsed wall time of the whole run
 */
public record IngestResult(IngestReport files, long chunks, long staleChunksRemoved, Duration elapsed) {

  /** Chunks per second over the whole run. */
  public double chunksPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? chunks / seconds : 0;
  }
}
