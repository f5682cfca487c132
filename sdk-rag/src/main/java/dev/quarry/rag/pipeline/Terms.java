package dev.quarry.rag.pipeline;

import dev.quarry.rag.internal.Words;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The content words of a text, for matching sentences to a question: lower-cased runs of letters and digits
 * (each Han, Hiragana or Katakana char on its own), without common English function words.
 *
 * <p>Stateless and thread-safe.
 */
final class Terms {
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "been", "by", "can", "could", "did", "do", "does", "for",
          "from", "had", "has", "have", "how", "i", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or",
          "our", "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
          "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why", "will",
          "with", "would", "you", "your");

  private Terms() {}

  /** The content words of {@code text}; all its words when every one is a function word. */
  static Set<String> of(String text) {
    Set<String> all = words(text);
    Set<String> content = new LinkedHashSet<>(all);
    content.removeAll(STOP_WORDS);
    return content.isEmpty() ? all : content;
  }

  static Set<String> words(String text) {
    return Words.of(text);
  }
}
