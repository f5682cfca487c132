package dev.quarry.examples.cli;

import dev.quarry.api.document.Document;
import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.loader.FileFailure;
import java.io.PrintWriter;
import java.time.Duration;

/** A one-line progress bar on a terminal: files (or documents), chunks, chunks/s and the time left. Not thread-safe. */
final class ProgressBar implements IngestListener {
  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final String unit;
  private final long start = System.nanoTime();
  private int totalFiles;
  private int files;
  private long chunks;
  private long lastDraw;

  /** A bar counting files. */
  ProgressBar(PrintWriter out) {
    this(out, "files");
  }

  /** A bar counting {@code unit} ("documents" when they come loaded already). */
  ProgressBar(PrintWriter out, String unit) {
    this.out = out;
    this.unit = unit;
  }

  @Override
  public void onStart(int files) {
    this.totalFiles = files;
    draw(true);
  }

  @Override
  public void onDocument(Document document, int chunks) {
    files++;
    draw(false);
  }

  @Override
  public void onFailure(FileFailure failure) {
    files++;
    draw(false);
  }

  @Override
  public void onStored(int stored, long totalChunks) {
    this.chunks = totalChunks;
    draw(false);
  }

  void finish() {
    draw(true);
    out.println();
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max((now - start) / 1e9, 1e-9);
    double fraction = totalFiles == 0 ? 0 : Math.min(1.0, (double) files / totalFiles);
    int filled = (int) Math.round(fraction * WIDTH);
    String eta = fraction > 0 && fraction < 1 ? format(Duration.ofSeconds(Math.round(seconds / fraction - seconds))) : "-";
    out.printf(
        "\r[%s%s] %d/%d %s  %d chunks  %.1f chunks/s  ETA %s   ",
        "=".repeat(filled), " ".repeat(WIDTH - filled), files, totalFiles, unit, chunks, chunks / seconds, eta);
    out.flush();
  }

  static String format(Duration d) {
    return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
