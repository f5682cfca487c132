package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns packed spans into chunks: trims surrounding whitespace (moving the offsets with it), drops spans
 * that hold only whitespace or nothing beyond the previous chunk, and numbers and labels the rest. Stateless
 * and thread-safe.
 */
final class ChunkAssembler {
  private ChunkAssembler() {}

  /** The chunks of {@code document} for {@code spans}, with no metadata beyond the chunk index. */
  static List<Chunk> assemble(Document document, List<Span> spans) {
    return assemble(document, spans, start -> Metadata.empty());
  }

  /**
   * The chunks of {@code document} for {@code spans}; {@code extraMetadata} gives the splitter's own entries
   * for a chunk from its (trimmed) start offset.
   */
  static List<Chunk> assemble(Document document, List<Span> spans, IntFunction<Metadata> extraMetadata) {
    String text = document.text();
    List<Chunk> chunks = new ArrayList<>(spans.size());
    int previousEnd = 0;
    for (Span span : spans) {
      int start = SpanMeasure.skipWhitespace(text, span.start(), span.end());
      int end = SpanMeasure.dropTrailingWhitespace(text, start, span.end());
      if (start == end || end <= previousEnd) {
        continue;
      }
      int index = chunks.size();
      Metadata metadata =
          document.metadata().merge(extraMetadata.apply(start)).with(DocumentSplitter.CHUNK_INDEX, index);
      chunks.add(
          new Chunk(document.id() + "#" + index, document.id(), text.substring(start, end), metadata, start, end));
      previousEnd = end;
    }
    return List.copyOf(chunks);
  }
}
