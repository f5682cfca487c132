package dev.quarry.rag.splitter;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * Packs whole sentences into chunks, finding sentences with the JDK's locale-aware {@link
 * BreakIterator#getSentenceInstance(Locale)}, which ends sentences at {@code . ! ?} followed by space and at
 * {@code 。！？} in Chinese and Japanese text.
 *
 * <pre>{@code
 * DocumentSplitter splitter = SentenceSplitter.builder().locale(Locale.CHINESE).chunkSize(300).build();
 * }</pre>
 *
 * <p>A chunk holds as many consecutive whole sentences as fit in {@code chunkSize}. A sentence that alone is
 * longer is cut as {@link RecursiveCharacterSplitter} would cut it, with its default separators.
 *
 * <p><b>Overlap.</b> Consecutive chunks share at most {@code chunkOverlap}: the next chunk starts at the
 * earliest sentence start inside the previous chunk (or cut inside an over-long sentence) such that the shared
 * text measures at most {@code chunkOverlap} and the next chunk still fits with at least one new sentence. So
 * the shared text is whole trailing sentences, and empty when the previous chunk's last sentence is longer
 * than {@code chunkOverlap} or does not fit together with the next sentence.
 *
 * <p>Immutable and thread-safe: each call uses its own {@code BreakIterator}.
 */
public final class SentenceSplitter implements DocumentSplitter {

  /** Default most chars per chunk. */
  public static final int DEFAULT_CHUNK_SIZE = 1000;

  /** Default most chars two consecutive chunks share. */
  public static final int DEFAULT_CHUNK_OVERLAP = 200;

  /**
   * Default locale: the root locale, whose rules handle English, Chinese and Japanese punctuation alike and do
   * not change with the machine's default locale.
   */
  public static final Locale DEFAULT_LOCALE = Locale.ROOT;

  private final Locale locale;
  private final SpanMeasure measure;
  private final int chunkSize;
  private final SeparatorSplitter cutter;
  private final ChunkPacker packer;
  private final Optional<String> fingerprint;

  private SentenceSplitter(SplitterSettings settings, Locale locale) {
    this.locale = locale;
    this.measure = settings.measure();
    this.chunkSize = settings.chunkSize();
    this.cutter =
        new SeparatorSplitter(
            RecursiveCharacterSplitter.DEFAULT_SEPARATORS, settings.chunkSize(), settings.measure());
    this.packer = new ChunkPacker(settings);
    this.fingerprint = Fingerprints.charsMeasured("sentence", settings, "locale=" + locale.toLanguageTag());
  }

  /** The sizes and the locale, when measured in chars; empty with a length function (its identity is unknown). */
  @Override
  public Optional<String> fingerprint() {
    return fingerprint;
  }

  /** A builder with the default locale, size and overlap. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Chunk> split(Document document) {
    String text = SplitterSettings.requireDocument(document).text();
    BreakIterator sentences = BreakIterator.getSentenceInstance(locale);
    sentences.setText(text);
    List<Piece> pieces = new ArrayList<>();
    int start = sentences.first();
    for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
      int length = measure.measure(text, start, end);
      if (length <= chunkSize) {
        pieces.add(new Piece(start, end, length));
      } else {
        cutter.split(text, start, end, pieces);
      }
    }
    BitSet breaks = new BitSet(text.length() + 1);
    for (Piece piece : pieces) {
      breaks.set(piece.start());
    }
    return ChunkAssembler.assemble(document, packer.pack(text, pieces, breaks));
  }

  /** Collects settings for a {@link SentenceSplitter}. Not thread-safe; use it on one thread. */
  public static final class Builder extends SizedSplitterBuilder<Builder> {
    private Locale locale = DEFAULT_LOCALE;

    private Builder() {
      super(DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_OVERLAP);
    }

    @Override
    Builder self() {
      return this;
    }

    /** The language whose sentence rules apply. Default {@link #DEFAULT_LOCALE}. */
    public Builder locale(Locale locale) {
      if (locale == null) {
        throw new IllegalArgumentException("locale must not be null (use Locale.ROOT for language-neutral rules)");
      }
      this.locale = locale;
      return this;
    }

    /**
     * A splitter with these settings.
     *
     * @throws IllegalArgumentException if chunkSize is not {@code > 0} or chunkOverlap is not in {@code [0,
     *     chunkSize)}
     */
    public SentenceSplitter build() {
      return new SentenceSplitter(settings(), locale);
    }
  }
}
