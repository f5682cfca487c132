package dev.quarry.examples.cli;

import dev.quarry.api.document.Document;
import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.loader.FileFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Ingestion progress: files (or documents) read and chunks embedded, with chunks/s and the time left. On a terminal
 * it is a one-line bar redrawn in place; elsewhere (a log file, a pipe) a plain line every {@value
 * #PLAIN_INTERVAL_SECONDS} seconds, so logs hold no carriage returns. Not thread-safe.
 */
final class ProgressBar implements IngestListener {
  /** System property {@code bin/quarry} sets to {@code true} when standard error is a terminal. */
  static final String TERMINAL_PROPERTY = "quarry.cli.terminal";
  static final long PLAIN_INTERVAL_SECONDS = 10;
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final String unit;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int totalFiles;
  private int files;
  private long chunksSplit;
  private long chunksStored;
  private long lastDraw;

  ProgressBar(PrintWriter out, String unit, boolean terminal) {
    this.out = out;
    this.unit = unit;
    this.terminal = terminal;
    this.lastDraw = start;
  }

  /** A progress display counting {@code unit}, drawn as a bar when {@link #TERMINAL_PROPERTY} says a terminal. */
  static ProgressBar on(PrintWriter out, String unit) {
    return new ProgressBar(out, unit, Boolean.getBoolean(TERMINAL_PROPERTY));
  }

  @Override
  public void onStart(int files) {
    this.totalFiles = files;
    if (terminal) {
      draw(true);
    }
  }

  @Override
  public void onDocument(Document document, int chunks) {
    files++;
    chunksSplit += chunks;
    draw(false);
  }

  @Override
  public void onFailure(FileFailure failure) {
    files++;
    draw(false);
  }

  @Override
  public void onStored(int stored, long totalChunks) {
    this.chunksStored = totalChunks;
    draw(false);
  }

  /** Draws the final state and ends the bar's line (on a terminal); nothing more in plain mode. */
  void finish() {
    if (terminal) {
      draw(true);
      out.println();
      out.flush();
    }
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    long interval = terminal ? REDRAW_NANOS : PLAIN_INTERVAL_SECONDS * 1_000_000_000L;
    if (!force && now - lastDraw < interval) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max((now - start) / 1e9, 1e-9);
    double fraction = fraction();
    String eta = fraction > 0 && fraction < 1
        ? format(Duration.ofSeconds(Math.round(seconds / fraction - seconds))) : "-";
    String counts = String.format(Locale.ROOT, "%d/%d %s read, %d of %d chunks embedded, %.1f chunks/s, %s left",
        files, totalFiles, unit, chunksStored, chunksSplit, chunksStored / seconds, eta);
    if (terminal) {
      int filled = (int) Math.round(fraction * WIDTH);
      out.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + counts + "   ");
    } else {
      out.println("ingest: " + counts);
    }
    out.flush();
  }

  /**
   * The share of the work done: chunks embedded out of the chunks expected, where the chunks of the files not read
   * yet are estimated from those read so far.
   */
  double fraction() {
    if (totalFiles == 0 || files == 0 || chunksSplit == 0) {
      return 0;
    }
    double expected = chunksSplit * Math.max(1.0, (double) totalFiles / files);
    return Math.min(1.0, chunksStored / expected);
  }

  static String format(Duration d) {
    return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
