package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The retrieval modes by the short names the CLI takes: {@code dense}, {@code bm25} and {@code hybrid}. */
final class RetrievalModes {
  private RetrievalModes() {}

  /** The short name of {@code mode}. */
  static String label(RetrievalMode mode) {
    return mode == RetrievalMode.KEYWORD ? "bm25" : mode.name().toLowerCase(Locale.ROOT);
  }

  /** A description for settings lines, e.g. {@code hybrid (dense + bm25, Fusion.convex(...))}. */
  static String describe(RetrievalMode mode) {
    return mode == RetrievalMode.HYBRID ? "hybrid (dense + bm25, " + Quarry.DEFAULT_FUSION + ")" : label(mode);
  }

  /**
   * Prints a one-line hint on {@code err} when {@code mode} reads the keyword index and that index does not hold
   * every chunk (a store made before keyword search, or a write that failed half-way).
   */
  static void warnOfKeywordGap(RetrievalMode mode, Quarry quarry, PrintWriter err) {
    if (mode == RetrievalMode.DENSE) {
      return;
    }
    quarry.keywordGap().ifPresent(gap -> err.println("Note: " + gap + ", so keyword search misses the rest;"
        + " ingest those folders again with 'quarry ingest <folder>' to index them for keyword search."));
  }

  /** Parses the short name given on the command line. */
  static final class Converter implements ITypeConverter<RetrievalMode> {
    @Override
    public RetrievalMode convert(String value) {
      for (RetrievalMode mode : RetrievalMode.values()) {
        if (label(mode).equalsIgnoreCase(value.strip())) {
          return mode;
        }
      }
      throw new TypeConversionException("unknown retriever '" + value + "'; choose dense, bm25 or hybrid");
    }
  }
}
