package dev.quarry.rag.budget;

import dev.quarry.api.document.Chunk;
import java.util.List;
import java.util.Optional;

/**
 * One numbered passage of a packed context: the text of one chunk, or of several overlapping or adjacent chunks
 * of one document merged into one, possibly cut at a sentence boundary. Prompts cite it as {@code [number]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number its position in the rendered context, from 1; the {@code [n]} a model cites
 * @param rank its place in the selection order, from 1 (the most relevant, or with MMR the first chosen); equal
 *     to {@code number} unless long-context ordering moved it
 * @param documentId the document all its chunks come from
 * @param text the passage text, without the header
 * @param score the best score among its chunks' hits
 * @param chunks the chunks whose text it holds, in document order
 * @param truncated whether the text was cut short to fit
 * @param source the chunks' source (by default the {@code source} metadata), if they have one
 */
public record Passage(
    int number,
    int rank,
    String documentId,
    String text,
    double score,
    List<Chunk> chunks,
    boolean truncated,
    Optional<String> source) {
  public Passage {
    if (number < 1 || rank < 1) {
      throw new IllegalArgumentException("passage number and rank start at 1, were " + number + ", " + rank);
    }
    if (documentId == null || text == null || chunks == null || source == null) {
      throw new IllegalArgumentException("passage documentId, text, chunks and source must not be null");
    }
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a passage holds at least one chunk");
    }
  }

  /** The ids of its chunks, in document order. */
  public List<String> chunkIds() {
    return chunks.stream().map(Chunk::id).toList();
  }
}
