package dev.quarry.rag.budget;

import java.util.List;
import java.util.Optional;

/**
 * Writes passages into the context text: each passage is a header line, {@code [n] source: <source>} (or
 * {@code [n] document: <id>} when there is no source), then its text; passages are separated by a blank line.
 *
 * <p>Stateless and thread-safe.
 */
final class PassageRenderer {
  static final String SEPARATOR = "\n\n";

  private PassageRenderer() {}

  /** One passage with its header. */
  static String block(int number, Optional<String> source, String documentId, String text) {
    String label = source.map(s -> "source: " + oneLine(s)).orElseGet(() -> "document: " + oneLine(documentId));
    return "[" + number + "] " + label + "\n" + text;
  }

  /** The context: the blocks joined by {@link #SEPARATOR}. */
  static String join(List<String> blocks) {
    return String.join(SEPARATOR, blocks);
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
