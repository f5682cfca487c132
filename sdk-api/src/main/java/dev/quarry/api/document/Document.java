package dev.quarry.api.document;

import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;

/**
 * A whole piece of source text, as loaded from a file, a URL or a database, before it is split.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id stable identifier, unique within a corpus (a loader uses the source path)
 * @param text the full text; may be empty only if a loader says so explicitly (loaders reject empty files)
 * @param metadata source path, title, content type and anything else worth filtering on
 */
public record Document(String id, String text, Metadata metadata) {
  public Document {
    requireNonBlank(id, "document id");
    requireNonNull(text, "document text");
    requireNonNull(metadata, "document metadata");
  }

  /** A document with no metadata. */
  public static Document of(String id, String text) {
    return new Document(id, text, Metadata.empty());
  }
}
