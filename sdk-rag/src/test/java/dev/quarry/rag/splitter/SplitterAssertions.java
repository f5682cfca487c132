package dev.quarry.rag.splitter;

import static org.assertj.core.api.Assertions.fail;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/** The promises every splitter keeps, checked on one split (plain checks: they run on many texts). */
final class SplitterAssertions {
  private SplitterAssertions() {}

  /** Splits {@code document} and checks every common promise; returns the chunks for more checks. */
  static List<Chunk> splitAndCheck(
      DocumentSplitter splitter,
      Document document,
      int chunkSize,
      int chunkOverlap,
      ToIntFunction<String> length,
      String context) {
    List<Chunk> chunks = splitter.split(document);
    String source = document.text();
    boolean[] covered = new boolean[source.length()];
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      String text = chunk.text();
      // (4) offsets recover the exact text; ids, index and metadata
      check(source.substring(chunk.startOffset(), chunk.endOffset()).equals(text), context, i, chunk, "offsets");
      check(chunk.id().equals(document.id() + "#" + i), context, i, chunk, "id");
      check(chunk.documentId().equals(document.id()), context, i, chunk, "documentId");
      check(chunk.metadata().getLong(DocumentSplitter.CHUNK_INDEX).orElse(-1L) == i, context, i, chunk, "index");
      document.metadata().asMap().forEach((k, v) ->
          check(Objects.equals(chunk.metadata().get(k).orElse(null), v), context, -1, chunk, "metadata " + k));
      // trimmed, never blank
      check(!text.isBlank(), context, i, chunk, "blank");
      check(!Character.isWhitespace(text.charAt(0)), context, i, chunk, "leading whitespace");
      check(!Character.isWhitespace(text.charAt(text.length() - 1)), context, i, chunk, "trailing whitespace");
      // (1) no chunk over the limit
      int size = length.applyAsInt(text);
      check(size <= chunkSize, context, i, chunk, "size " + size + " > " + chunkSize);
      for (int c = chunk.startOffset(); c < chunk.endOffset(); c++) {
        covered[c] = true;
      }
      if (i > 0) {
        Chunk previous = chunks.get(i - 1);
        // (3) in order, each adding new text
        check(chunk.startOffset() >= previous.startOffset(), context, i, chunk, "start before previous start");
        check(chunk.endOffset() > previous.endOffset(), context, i, chunk, "end not after previous end");
        // (2) overlap at most as configured
        int overlap = length.applyAsInt(shared(source, previous, chunk));
        check(overlap <= chunkOverlap, context, i, chunk, "overlap " + overlap + " > " + chunkOverlap);
      }
    }
    // (3) coverage: whatever no chunk holds is whitespace
    for (int c = 0; c < source.length(); c++) {
      if (!covered[c] && !Character.isWhitespace(source.charAt(c))) {
        fail(context + ": char " + c + " '" + source.charAt(c) + "' is in no chunk; chunks " + chunks);
      }
    }
    return chunks;
  }

  /** The text two consecutive chunks share (empty if none). */
  static String shared(String source, Chunk previous, Chunk next) {
    return next.startOffset() < previous.endOffset()
        ? source.substring(next.startOffset(), previous.endOffset())
        : "";
  }

  private static void check(boolean ok, String context, int index, Chunk chunk, String what) {
    if (!ok) {
      fail(context + ", chunk " + index + ": " + what + " in " + chunk);
    }
  }
}
