package dev.quarry.rag.budget;

import dev.quarry.api.store.SearchHit;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The code that fences one context's passages: eight random hex digits, drawn per {@link ContextBudget#pack} from
 * a {@link SecureRandom}, and absent from every hit's text and metadata. A document written before the question
 * cannot know it, so it cannot close its own fence and pass text off as the prompt's or as another passage.
 *
 * <p>Thread-safe.
 */
final class PassageFence {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PassageFence() {}

  /** A fresh code that appears in none of {@code hits}. */
  static String code(List<SearchHit> hits) {
    while (true) {
      byte[] bytes = new byte[4];
      RANDOM.nextBytes(bytes);
      String code = HexFormat.of().formatHex(bytes);
      if (hits.stream().noneMatch(hit -> hit.chunk().text().contains(code)
          || hit.chunk().metadata().toString().contains(code) || hit.chunk().documentId().contains(code))) {
        return code;
      }
    }
  }
}
