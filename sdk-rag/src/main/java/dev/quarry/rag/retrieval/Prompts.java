package dev.quarry.rag.retrieval;

import dev.quarry.api.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Loads the default prompts shipped next to this class and fills their placeholders. Stateless. */
final class Prompts {
  /** Replaced by the user's question. */
  static final String QUESTION = "{question}";
  /** Replaced by the number of rewrites asked for. */
  static final String COUNT = "{n}";

  private Prompts() {}

  /** The text of resource {@code name} in this package, UTF-8, without its trailing newline. */
  static String load(String name) {
    try (InputStream in = Prompts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("prompt resource " + name + " is missing from quarry-rag");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
    } catch (IOException e) {
      throw new StorageException(null, "cannot read prompt resource " + name + " from quarry-rag", e);
    }
  }

  /**
   * Checks a caller's prompt template.
   *
   * @throws IllegalArgumentException if it is null, blank or lacks the {@value #QUESTION} placeholder
   */
  static String requireTemplate(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("prompt template must not be null or blank");
    }
    if (!template.contains(QUESTION)) {
      throw new IllegalArgumentException(
          "prompt template must contain the placeholder " + QUESTION + ", where the question goes");
    }
    return template;
  }

  /** The template with {@value #COUNT} and then {@value #QUESTION} replaced (so the question is never rescanned). */
  static String fill(String template, int count, String question) {
    return template.replace(COUNT, Integer.toString(count)).replace(QUESTION, question);
  }
}
