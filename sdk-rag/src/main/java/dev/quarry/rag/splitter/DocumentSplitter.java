package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import java.util.List;

/**
 * Cuts a document into chunks small enough to embed, each an exact, citable span of the source.
 *
 * <p>See the {@linkplain dev.quarry.rag.splitter package comment} for the promises every splitter keeps.
 * Implementations are immutable and thread-safe: one instance may split many documents at once.
 */
@FunctionalInterface
public interface DocumentSplitter {

  /** Metadata key holding a chunk's position among its document's chunks (0, 1, 2, ...). */
  String CHUNK_INDEX = "chunk_index";

  /**
   * The chunks of {@code document}, in document order; empty if its text is empty or only whitespace.
   *
   * @throws IllegalArgumentException if {@code document} is null
   */
  List<Chunk> split(Document document);

  /**
   * What decides how this splitter cuts, as text: two splitters with equal fingerprints cut every document into the
   * same chunks. The {@code Ingestor} stores it (hashed with each document) so that re-ingesting an unchanged
   * document neither cuts nor embeds it again. Empty (the default) when unknown, as for a splitter measuring with a
   * length function of its own: its documents are always cut again (still without embedding unchanged chunks).
   */
  default java.util.Optional<String> fingerprint() {
    return java.util.Optional.empty();
  }
}
