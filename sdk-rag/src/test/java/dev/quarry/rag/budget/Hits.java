package dev.quarry.rag.budget;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.splitter.DocumentSplitter;
import java.util.HashMap;
import java.util.Map;

/** Builds search hits for budget tests. */
final class Hits {
  private Hits() {}

  /** A hit on a chunk whose offsets match its text, with no metadata. */
  static SearchHit hit(String id, String documentId, String text, int start, double score) {
    return new SearchHit(new Chunk(id, documentId, text, Metadata.empty(), start, start + text.length()), score);
  }

  /** A hit on {@code document.substring(start, end)}, with a chunk index when {@code index >= 0}. */
  static SearchHit span(String id, String documentId, String document, int start, int end, int index, double score) {
    Map<String, Object> metadata = new HashMap<>();
    if (index >= 0) {
      metadata.put(DocumentSplitter.CHUNK_INDEX, index);
    }
    return new SearchHit(
        new Chunk(id, documentId, document.substring(start, end), Metadata.of(metadata), start, end), score);
  }

  /** A hit whose chunk has a {@code source} metadata value. */
  static SearchHit sourced(String id, String documentId, String text, String source, double score) {
    return new SearchHit(
        new Chunk(id, documentId, text, Metadata.of(Map.of("source", source)), 0, text.length()), score);
  }
}
