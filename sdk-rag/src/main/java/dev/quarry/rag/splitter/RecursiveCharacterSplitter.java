package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Splits text at the coarsest separator that makes pieces fit, then packs whole pieces into chunks: the
 * general-purpose splitter, for English, Chinese, Japanese and mixed text alike.
 *
 * <pre>{@code
 * DocumentSplitter splitter = RecursiveCharacterSplitter.builder().chunkSize(800).chunkOverlap(100).build();
 * List<Chunk> chunks = splitter.split(document);
 * }</pre>
 *
 * <p><b>Pieces.</b> A span that is too long is cut just after each occurrence of the first separator (in list
 * order) that it contains, so the separator ends the piece before it; a part still too long is cut with the
 * separators after that one; what no separator can cut is cut between code points. Separators are literal
 * strings, and {@code ""} means "between characters". Chunks end only where pieces end, so with the
 * {@linkplain #DEFAULT_SEPARATORS defaults} a chunk ends at a paragraph, line or sentence end when it can, at
 * a word end otherwise, and inside a word only when the word alone is longer than a chunk.
 *
 * <p><b>Size.</b> A chunk's text (which leaves out surrounding whitespace) measures at most {@code
 * chunkSize}, in UTF-16 chars ({@link String#length()}) unless a {@linkplain Builder#lengthFunction length
 * function} says otherwise. Pieces are measured the same way, without surrounding whitespace.
 *
 * <p><b>Overlap.</b> Consecutive chunks share at most {@code chunkOverlap}. The next chunk starts at the
 * earliest <em>break</em> inside the previous one such that the shared text measures at most {@code
 * chunkOverlap} and the next chunk still fits with at least one new piece. Breaks are the positions just after
 * any non-empty separator (after a space, a newline, {@code 。}, ...) and the cuts between pieces, so shared
 * text starts at a word, never inside one unless that word was itself cut. The shared text is empty only when
 * the text after the previous chunk's last break measures more than {@code chunkOverlap}, or does not fit in
 * one chunk together with the next piece.
 *
 * <p>Immutable and thread-safe; build once and share.
 */
public final class RecursiveCharacterSplitter implements DocumentSplitter {

  /** Default most chars per chunk. */
  public static final int DEFAULT_CHUNK_SIZE = 1000;

  /** Default most chars two consecutive chunks share. */
  public static final int DEFAULT_CHUNK_OVERLAP = 200;

  /**
   * Paragraph, line, the CJK sentence enders {@code 。！？；}, the Western ones {@code . ! ?} only when followed
   * by a space (so {@code 3.14} and {@code example.com} stay whole), space, and finally between characters.
   */
  public static final List<String> DEFAULT_SEPARATORS =
      List.of("\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", " ", "");

  private final SeparatorSplitter cutter;
  private final ChunkPacker packer;
  private final Optional<String> fingerprint;

  private RecursiveCharacterSplitter(SplitterSettings settings, List<String> separators) {
    this.cutter = new SeparatorSplitter(separators, settings.chunkSize(), settings.measure());
    this.packer = new ChunkPacker(settings);
    this.fingerprint =
        Fingerprints.charsMeasured("recursive-character", settings, Fingerprints.separators(separators));
  }

  /** The sizes and separators, when measured in chars; empty with a length function (its identity is unknown). */
  @Override
  public Optional<String> fingerprint() {
    return fingerprint;
  }

  /** A builder with the default size, overlap and separators. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Chunk> split(Document document) {
    String text = SplitterSettings.requireDocument(document).text();
    List<Piece> pieces = cutter.split(text, 0, text.length());
    BitSet breaks = new BitSet(text.length() + 1);
    for (Piece piece : pieces) {
      breaks.set(piece.start());
    }
    cutter.markSeparatorEnds(text, breaks);
    return ChunkAssembler.assemble(document, packer.pack(text, pieces, breaks));
  }

  /** Collects settings for a {@link RecursiveCharacterSplitter}. Not thread-safe; use it on one thread. */
  public static final class Builder extends SizedSplitterBuilder<Builder> {
    private List<String> separators = DEFAULT_SEPARATORS;

    private Builder() {
      super(DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_OVERLAP);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Separators from coarsest to finest, tried in order; literal strings, {@code ""} meaning between
     * characters. Text that no separator cuts small enough is cut between characters anyway. Default {@link
     * #DEFAULT_SEPARATORS}.
     */
    public Builder separators(List<String> separators) {
      if (separators == null) {
        throw new IllegalArgumentException("separators must not be null (use List.of() to cut only between chars)");
      }
      for (int i = 0; i < separators.size(); i++) {
        if (separators.get(i) == null) {
          throw new IllegalArgumentException(
              "separators must not contain null (index " + i + "); use \"\" to cut between chars");
        }
      }
      this.separators = List.copyOf(separators);
      return this;
    }

    /**
     * A splitter with these settings.
     *
     * @throws IllegalArgumentException if chunkSize is not {@code > 0} or chunkOverlap is not in {@code [0,
     *     chunkSize)}
     */
    public RecursiveCharacterSplitter build() {
      return new RecursiveCharacterSplitter(settings(), separators);
    }
  }
}
