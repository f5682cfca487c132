package dev.quarry.rag.loader;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.OptionalInt;

/**
 * The metadata keys every loader in this package sets, in one place so that filters, splitters and citations
 * agree on their names and types.
 *
 * <p>Stateless and thread-safe.
 */
public final class SourceMetadata {
  /** String: the file's absolute, normalised path. */
  public static final String SOURCE = "source";

  /**
   * String: the document's own title (HTML {@code <title>}, the first Markdown {@code #} header, the PDF's
   * Title field) or, when it has none, the file name without its extension.
   */
  public static final String TITLE = "title";

  /** String: the MIME type of the format the text was extracted from, e.g. {@code text/markdown}. */
  public static final String CONTENT_TYPE = "content_type";

  /** Long: the file's size in bytes as stored, not the length of the extracted text. */
  public static final String SIZE_BYTES = "size_bytes";

  /**
   * Long: the file's last-modified time in milliseconds since the epoch (UTC). A number rather than a date
   * string so that range filters ("changed since") work in every vector store.
   */
  public static final String MODIFIED = "modified";

  /** Long, PDF only: the number of pages. */
  public static final String PAGE_COUNT = "page_count";

  /**
   * List of Long, PDF only: the char offset in the document text where each page starts, first page first
   * (so the first element is 0). Pages are joined with {@link PdfLoader#PAGE_SEPARATOR}; see {@link #pageAt}.
   */
  public static final String PAGE_OFFSETS = "page_offsets";

  private SourceMetadata() {}

  /**
   * The 1-based page holding char {@code offset} of a document's text, or empty when {@code metadata} has no
   * {@link #PAGE_OFFSETS}. A splitter uses this to put a page number on each chunk. An offset inside the
   * separator between two pages belongs to the earlier page.
   *
   * @throws IllegalArgumentException if {@code offset} is negative or {@code metadata} is null
   */
  public static OptionalInt pageAt(Metadata metadata, int offset) {
    if (metadata == null) {
      throw new IllegalArgumentException("metadata must not be null");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (!(metadata.get(PAGE_OFFSETS).orElse(null) instanceof List<?> starts) || starts.isEmpty()) {
      return OptionalInt.empty();
    }
    // Binary search for the last page whose start is <= offset.
    int low = 0;
    int high = starts.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (((Number) starts.get(mid)).longValue() <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return OptionalInt.of(low + 1);
  }
}
