package dev.quarry.testkit;

import dev.quarry.api.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A <b>test double</b> for {@link Tokenizer}, not a real tokenizer: a token is a run of up to {@value #SUBWORD}
 * non-space chars of a whitespace-separated word (so long words take several tokens, like sub-words), or a single
 * ideograph, kana or CJK punctuation mark. Whitespace costs nothing. Like real tokenizers it is monotone: a span
 * never counts fewer tokens than a span inside it.
 *
 * <p>{@code new WordTokenizer(WordTokenizer.WHOLE_WORDS)} makes every whitespace-separated word one token, so that
 * a test can work out its expected counts by hand.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordTokenizer implements Tokenizer {
  /** The most chars of a word one token covers by default. */
  public static final int SUBWORD = 4;
  /** Chars per token that make every whitespace-separated word (and every CJK char) exactly one token. */
  public static final int WHOLE_WORDS = Integer.MAX_VALUE;

  private final int charsPerToken;

  /** A tokenizer whose tokens cover up to {@value #SUBWORD} chars of a word. */
  public WordTokenizer() {
    this(SUBWORD);
  }

  /**
   * A tokenizer whose tokens cover up to {@code charsPerToken} chars of a word; {@link #WHOLE_WORDS} for one token
   * per word.
   *
   * @throws IllegalArgumentException if {@code charsPerToken} is below 1
   */
  public WordTokenizer(int charsPerToken) {
    if (charsPerToken < 1) {
      throw new IllegalArgumentException("charsPerToken must be >= 1, was " + charsPerToken);
    }
    this.charsPerToken = charsPerToken;
  }

  /** {@code word-tokenizer:} and the chars per token: two word tokenizers of one size count alike. */
  @Override
  public java.util.Optional<String> fingerprint() {
    return java.util.Optional.of("word-tokenizer:" + charsPerToken);
  }

  @Override
  public int countTokens(String text) {
    return tokenEnds(text).size();
  }

  @Override
  public int[] encode(String text) {
    List<Integer> ends = tokenEnds(text);
    int[] ids = new int[ends.size()];
    int start = 0;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Math.floorMod(text.substring(start, ends.get(i)).strip().hashCode(), 30_000);
      start = ends.get(i);
    }
    return ids;
  }

  @Override
  public String truncate(String text, int maxTokens) {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0, was " + maxTokens);
    }
    List<Integer> ends = tokenEnds(text);
    return maxTokens >= ends.size() ? text : text.substring(0, maxTokens == 0 ? 0 : ends.get(maxTokens - 1));
  }

  /** One past the last char of each token. */
  private List<Integer> tokenEnds(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    List<Integer> ends = new ArrayList<>();
    int runLength = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        runLength = 0;
      } else if (isCjk(cp)) {
        ends.add(next);
        runLength = 0;
      } else if (runLength % charsPerToken == 0) {
        ends.add(next);
        runLength++;
      } else {
        ends.set(ends.size() - 1, next);
        runLength++;
      }
      i = next;
    }
    return ends;
  }

  private static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || (cp >= 0x3000 && cp <= 0x303F)
        || (cp >= 0xFF00 && cp <= 0xFFEF);
  }
}
