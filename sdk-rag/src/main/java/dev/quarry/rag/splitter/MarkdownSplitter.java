package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Splits Markdown along its ATX headers ({@code #} to {@code ######}), labels each chunk with the path of
 * headers it sits under, and never cuts a fenced code block that fits in a chunk.
 *
 * <pre>{@code
 * DocumentSplitter splitter = MarkdownSplitter.builder().chunkSize(1500).build();
 * chunk.metadata().getString(MarkdownSplitter.HEADER_PATH); // "Guide > Install > Linux"
 * }</pre>
 *
 * <p><b>Pieces.</b> A section (a header line and the text up to the next header of any level; {@code #} lines
 * inside {@code ```} or {@code ~~~} fences are not headers) that fits is one piece. A longer one is cut into
 * its fenced code blocks, each one piece if it fits, and the text between them, cut as {@link
 * RecursiveCharacterSplitter} cuts text with its default separators; a code block that alone is too long is
 * cut the same way, and is the only case in which a code block is cut. A header line is kept with the piece
 * after it when the two fit together.
 *
 * <p><b>Packing.</b> Whole pieces are packed into chunks up to {@code chunkSize}, but a chunk never runs past
 * the end of the section it starts in, subsections included: a chunk that starts at {@code ## Setup} may take
 * in its {@code ### Linux} and {@code ### macOS} subsections, never the next {@code ## Usage}. So short
 * sections share a chunk with their parent, and every chunk lies inside one section.
 *
 * <p><b>Header path.</b> {@value #HEADER_PATH} holds the titles of the headers of the section in which the
 * chunk starts, outermost first, joined by {@value #HEADER_PATH_SEPARATOR} (for example {@code "Intro >
 * Setup"}); by the packing rule that section holds the whole chunk. A chunk that starts before the first
 * header has no such entry.
 *
 * <p><b>Overlap.</b> Consecutive chunks share at most {@code chunkOverlap}: the next chunk starts at the
 * earliest break inside the previous one, and not before the header of the section in which the new text
 * begins, such that the shared text measures at most {@code chunkOverlap} and the next chunk still fits with
 * at least one new piece. Breaks are piece boundaries and the positions after a separator, except inside a
 * code block that was kept whole. So overlap never reaches back into an earlier section, and never starts
 * inside a kept code block.
 *
 * <p>Immutable and thread-safe.
 */
public final class MarkdownSplitter implements DocumentSplitter {

  /** Metadata key of the chunk's header path. */
  public static final String HEADER_PATH = "header_path";

  /** Joins the titles in {@link #HEADER_PATH}. */
  public static final String HEADER_PATH_SEPARATOR = " > ";

  /** Default most chars per chunk. */
  public static final int DEFAULT_CHUNK_SIZE = 1000;

  /** Default most chars two consecutive chunks share. */
  public static final int DEFAULT_CHUNK_OVERLAP = 200;

  private final SpanMeasure measure;
  private final int chunkSize;
  private final SeparatorSplitter cutter;
  private final ChunkPacker packer;
  private final Optional<String> fingerprint;

  private MarkdownSplitter(SplitterSettings settings) {
    this.measure = settings.measure();
    this.chunkSize = settings.chunkSize();
    this.cutter =
        new SeparatorSplitter(
            RecursiveCharacterSplitter.DEFAULT_SEPARATORS, settings.chunkSize(), settings.measure());
    this.packer = new ChunkPacker(settings);
    this.fingerprint = Fingerprints.charsMeasured("markdown", settings);
  }

  /** The sizes, when measured in chars; empty with a length function (its identity is unknown). */
  @Override
  public Optional<String> fingerprint() {
    return fingerprint;
  }

  /** A builder with the default size and overlap. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Chunk> split(Document document) {
    String text = SplitterSettings.requireDocument(document).text();
    MarkdownOutline outline = MarkdownOutline.parse(text);
    List<Piece> pieces = new ArrayList<>();
    BitSet barriers = new BitSet(text.length() + 1);
    List<Span> blocks = outline.codeBlocks();
    int nextBlock = 0;
    for (MarkdownOutline.Section section : outline.sections()) {
      barriers.set(section.start());
      int firstBlock = nextBlock;
      while (nextBlock < blocks.size() && blocks.get(nextBlock).start() < section.end()) {
        nextBlock++;
      }
      addSectionPieces(text, section, blocks.subList(firstBlock, nextBlock), pieces);
    }
    BitSet breaks = new BitSet(text.length() + 1);
    cutter.markSeparatorEnds(text, breaks);
    for (Span block : blocks) {
      if (measure.measure(text, block.start(), block.end()) <= chunkSize) {
        breaks.clear(block.start() + 1, block.end());
      }
    }
    for (Piece piece : pieces) {
      breaks.set(piece.start());
    }
    List<MarkdownOutline.Section> sections = outline.sections();
    List<Span> spans =
        packer.pack(text, pieces, breaks, barriers, start -> sectionAt(sections, start).subtreeEnd());
    return ChunkAssembler.assemble(document, spans, start -> headerPath(sectionAt(sections, start)));
  }

  /** Appends the pieces of {@code section}, whose fenced code blocks are {@code blocks}. */
  private void addSectionPieces(String text, MarkdownOutline.Section section, List<Span> blocks, List<Piece> out) {
    int length = measure.measure(text, section.start(), section.end());
    if (length <= chunkSize) {
      out.add(new Piece(section.start(), section.end(), length));
      return;
    }
    int first = out.size();
    int at = section.start();
    for (Span block : blocks) {
      cutter.split(text, at, block.start(), out);
      cutter.split(text, block.start(), block.end(), out);
      at = block.end();
    }
    cutter.split(text, at, section.end(), out);
    keepHeaderWithNext(text, section, out, first);
  }

  /** Merges a piece holding only the section's header line (and blank space) with the piece after it. */
  private void keepHeaderWithNext(String text, MarkdownOutline.Section section, List<Piece> out, int first) {
    if (section.headerEnd() == section.start() || out.size() < first + 2) {
      return;
    }
    Piece header = out.get(first);
    Piece next = out.get(first + 1);
    if (!text.substring(section.headerEnd(), Math.max(section.headerEnd(), header.end())).isBlank()) {
      return;
    }
    int length = measure.measure(text, header.start(), next.end());
    if (length <= chunkSize) {
      out.set(first, new Piece(header.start(), next.end(), length));
      out.remove(first + 1);
    }
  }

  /** The section holding {@code offset}. */
  private static MarkdownOutline.Section sectionAt(List<MarkdownOutline.Section> sections, int offset) {
    int lo = 0;
    int hi = sections.size() - 1;
    while (lo < hi) { // last section starting at or before offset
      int mid = (lo + hi + 1) >>> 1;
      if (sections.get(mid).start() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return sections.get(lo);
  }

  private static Metadata headerPath(MarkdownOutline.Section section) {
    List<String> path = section.path();
    return path.isEmpty()
        ? Metadata.empty()
        : Metadata.empty().with(HEADER_PATH, String.join(HEADER_PATH_SEPARATOR, path));
  }

  /** Collects settings for a {@link MarkdownSplitter}. Not thread-safe; use it on one thread. */
  public static final class Builder extends SizedSplitterBuilder<Builder> {

    private Builder() {
      super(DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_OVERLAP);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * A splitter with these settings.
     *
     * @throws IllegalArgumentException if chunkSize is not {@code > 0} or chunkOverlap is not in {@code [0,
     *     chunkSize)}
     */
    public MarkdownSplitter build() {
      return new MarkdownSplitter(settings());
    }
  }
}
