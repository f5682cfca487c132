package dev.quarry.rag.splitter;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fingerprints of this package's splitters ({@link DocumentSplitter#fingerprint()}): the kind, a version of
 * the splitting code, and every setting that decides where the cuts fall. Stateless.
 */
final class Fingerprints {
  /** Raised whenever a change to the splitting code could cut some document differently. */
  static final int VERSION = 1;

  private Fingerprints() {}

  /**
   * The fingerprint of a splitter of {@code kind} measuring in chars; empty for one measuring with a length function
   * of the caller's, whose identity is unknown.
   */
  static Optional<String> charsMeasured(String kind, SplitterSettings settings, Object... more) {
    return settings.measure() == SpanMeasure.CHARS
        ? Optional.of(of(kind, settings.chunkSize(), settings.chunkOverlap(), "chars", more))
        : Optional.empty();
  }

  /** The fingerprint of a splitter of {@code kind} with these sizes, measured by {@code measure}. */
  static String of(String kind, int chunkSize, int chunkOverlap, String measure, Object... more) {
    StringBuilder text = new StringBuilder(kind).append("/v").append(VERSION).append("(size=").append(chunkSize)
        .append(",overlap=").append(chunkOverlap).append(",measure=").append(measure);
    for (Object setting : more) {
      text.append(',').append(setting);
    }
    return text.append(')').toString();
  }

  /** Separators written unambiguously: each as the hex of its UTF-8 bytes, in order. */
  static String separators(List<String> separators) {
    return separators.stream().map(s -> HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.joining(".", "separators=[", "]"));
  }
}
