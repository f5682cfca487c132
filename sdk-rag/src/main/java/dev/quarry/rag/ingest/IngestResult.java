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
 * @param unchangedChunks chunks whose text the store already held under the same id, so they were not embedded
 *     again (their metadata is brought up to date)
 * @param staleChunksRemoved chunks of re-ingested documents that the new version no longer has
 * @param elapsed wall time of the whole run
 */
public record IngestResult(
    IngestReport files, long chunks, long unchangedChunks, long staleChunksRemoved, Duration elapsed) {

  /**
   * Whether the run embedded nothing and removed nothing: every chunk's text was already stored. Chunks whose
   * metadata changed (a file's modification time) were still brought up to date.
   */
  public boolean nothingChanged() {
    return chunks == 0 && staleChunksRemoved == 0;
  }

  /** Chunks embedded per second over the whole run. */
  public double chunksPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? chunks / seconds : 0;
  }
}
