package dev.quarry.rag.bm25;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * How a {@link Bm25Index} cuts text into terms. The same analyzer reads the chunks and the queries, so a word
 * matches whatever form it takes in either; a folder remembers its analyzer and refuses to open with another.
 *
 * <p>Every analyzer here cuts terms at {@value #MAX_TERM_CHARS} chars, so no text, however odd, makes a term
 * too long for Lucene to index.
 *
 * <p>Constants are immutable and thread-safe; each {@link Bm25Index} makes its own Lucene analyzer.
 */
public enum Bm25Analyzer {
  /** English: Lucene's {@code EnglishAnalyzer}, with possessives removed, stop words and Porter stemming. */
  ENGLISH,
  /** Language-neutral: Lucene's {@code StandardAnalyzer}, Unicode word breaks and lower case, no stop words. */
  STANDARD,
  /**
   * Simplified Chinese (mixed with English): Lucene's {@code SmartChineseAnalyzer}, which finds word boundaries
   * with a hidden Markov model. Needs {@code org.apache.lucene:lucene-analysis-smartcn} on the classpath.
   */
  SMART_CHINESE;

  /** The longest term kept, in chars; longer ones are cut to this length. */
  public static final int MAX_TERM_CHARS = 255;

  private static final String SMART_CHINESE_CLASS = "org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer";

  /**
   * A new Lucene analyzer for this language.
   *
   * @throws IllegalStateException for {@link #SMART_CHINESE} when lucene-analysis-smartcn is missing
   */
  Analyzer create() {
    Analyzer base =
        switch (this) {
          case ENGLISH -> new EnglishAnalyzer();
          case STANDARD -> new StandardAnalyzer();
          case SMART_CHINESE -> smartChinese();
        };
    return new Truncating(base);
  }

  /** Found by name so that the 3 MB dictionary jar stays optional for applications that never need it. */
  private static Analyzer smartChinese() {
    try {
      return (Analyzer) Class.forName(SMART_CHINESE_CLASS).getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the SMART_CHINESE analyzer needs org.apache.lucene:lucene-analysis-smartcn (the version of lucene-core)"
              + " on the class path: add it to your dependencies", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + SMART_CHINESE_CLASS + ": " + e, e);
    }
  }

  /** Adds a {@link TruncateTokenFilter} after the wrapped analyzer's chain; closing it closes the wrapped one. */
  private static final class Truncating extends AnalyzerWrapper {
    private final Analyzer wrapped;

    Truncating(Analyzer wrapped) {
      super(wrapped.getReuseStrategy());
      this.wrapped = wrapped;
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
      return wrapped;
    }

    @Override
    protected TokenStreamComponents wrapComponents(String fieldName, TokenStreamComponents components) {
      return new TokenStreamComponents(
          components.getSource(), TruncateTokenFilter.truncateAfterChars(components.getTokenStream(), MAX_TERM_CHARS));
    }

    @Override
    public void close() {
      try {
        wrapped.close();
      } finally {
        super.close();
      }
    }
  }
}
