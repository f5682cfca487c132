package dev.quarry.rag.budget;

import java.util.List;
import java.util.Optional;

/**
 * Writes passages into the context text, each fenced as data: a line {@code <<<PASSAGE [n] CODE source: <source>>>>}
 * (or {@code document: <id>} when there is no source), its text, and a line {@code <<<END PASSAGE [n] CODE>>>},
 * where {@code CODE} is the context's {@link PassageFence} code; passages are separated by a blank line.
 *
 * <p>Stateless and thread-safe.
 */
final class PassageRenderer {
  static final String SEPARATOR = "\n\n";

  /** The most chars of a source or document id on a fence line. */
  static final int MAX_LABEL_CHARS = 200;

  private PassageRenderer() {}

  /** One passage in its fence. */
  static String block(int number, Optional<String> source, String documentId, String text, String code) {
    String label = source.map(s -> "source: " + oneLine(s)).orElseGet(() -> "document: " + oneLine(documentId));
    return "<<<PASSAGE [" + number + "] " + code + " " + label + ">>>\n" + text + "\n<<<END PASSAGE [" + number
        + "] " + code + ">>>";
  }

  /** The context: the blocks joined by {@link #SEPARATOR}. */
  static String join(List<String> blocks) {
    return String.join(SEPARATOR, blocks);
  }

  /**
   * A source or id as one line of at most {@value #MAX_LABEL_CHARS} chars, without {@code <} or {@code >}: it comes
   * from a document's metadata or name, so it must not be able to close the fence line it sits on.
   */
  static String oneLine(String s) {
    String line = s.replaceAll("[<>]", "").replaceAll("\\s+", " ").strip();
    if (line.length() <= MAX_LABEL_CHARS) {
      return line;
    }
    int cut = Character.isHighSurrogate(line.charAt(MAX_LABEL_CHARS - 1)) ? MAX_LABEL_CHARS - 1 : MAX_LABEL_CHARS;
    return line.substring(0, cut) + "...";
  }
}
