package dev.quarry.rag.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A passage an answer cites as {@code [number]}, resolved to where its text came from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the passage number, as in the answer text and the packed context
 * @param documentId the document the passage comes from
 * @param chunkIds the chunks the passage holds (several when chunks were merged), in document order
 * @param source the passage's source (the chunks' {@code source} metadata), if known
 */
public record Citation(int number, String documentId, List<String> chunkIds, Optional<String> source) {
  public Citation {
    if (number < 1) {
      throw new IllegalArgumentException("citation number must be >= 1, was " + number);
    }
    if (documentId == null || chunkIds == null || source == null) {
      throw new IllegalArgumentException("citation documentId, chunkIds and source must not be null");
    }
    chunkIds = List.copyOf(chunkIds);
  }
}
