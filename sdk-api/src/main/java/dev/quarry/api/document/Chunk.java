package dev.quarry.api.document;

import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;

/**
 * A piece of a {@link Document}: the unit that is embedded, indexed, retrieved and cited.
 *
 * <p>{@code startOffset} and {@code endOffset} locate the chunk in its document's text (char indices, end
 * exclusive), so a citation can point at the exact span: Quarry's splitters guarantee that {@code
 * document.text().substring(startOffset, endOffset).equals(text)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id unique identifier of the chunk (splitters use {@code documentId + "#" + index})
 * @param documentId id of the document the chunk was cut from
 * @param text the chunk's text
 * @param metadata the document's metadata plus whatever the splitter adds (chunk index, header path, page)
 * @param startOffset first char of the chunk in the document text
 * @param endOffset one past the last char of the chunk in the document text
 */
public record Chunk(
    String id, String documentId, String text, Metadata metadata, int startOffset, int endOffset) {
  public Chunk {
    requireNonBlank(id, "chunk id");
    requireNonBlank(documentId, "chunk documentId");
    requireNonNull(text, "chunk text");
    requireNonNull(metadata, "chunk metadata");
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException(
          "chunk offsets must satisfy 0 <= startOffset <= endOffset, were " + startOffset + ", " + endOffset);
    }
  }

  /** The number of chars of source text the chunk spans. */
  public int length() {
    return endOffset - startOffset;
  }
}
