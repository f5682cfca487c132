package dev.quarry.rag.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * A passage an answer cites as {@code [number]}, resolved to where its text came from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the number the answer text shows, {@code [number]}: citations are numbered 1 to n in the order
 *     they first appear in the text
 * @param passage the passage's number in the packed context ({@code PackedContext.passages().get(passage - 1)}),
 *     the number the prompt showed the model
 * @param documentId the document the passage comes from
 * @param chunkIds the chunks the passage holds (several when chunks were merged), in document order
 * @param source the passage's source (the chunks' {@code source} metadata), if known
 */
public record Citation(int number, int passage, String documentId, List<String> chunkIds, Optional<String> source) {
  public Citation {
    if (number < 1 || passage < 1) {
      throw new IllegalArgumentException("citation number and passage must be >= 1, were " + number + ", " + passage);
    }
    if (documentId == null || chunkIds == null || source == null) {
      throw new IllegalArgumentException("citation documentId, chunkIds and source must not be null");
    }
    chunkIds = List.copyOf(chunkIds);
  }
}
