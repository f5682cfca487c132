package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.api.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenCounter} promises in its Javadoc, as an abstract JUnit suite: extend it and return the
 * counter from {@link #counter()}. When the counter is a {@link Tokenizer}, the suite also checks that {@code
 * encode} agrees with the count and that {@code truncate} cuts prefixes that fit; those tests are skipped for a
 * plain counter.
 *
 * <p>The texts are English prose with punctuation, an accented word, CJK and an emoji (a surrogate pair), so that
 * real sub-word tokenizers and simple estimates pass alike; nothing checks a particular count.
 *
 * <p>JUnit creates one instance of the suite per test; {@link #counter()} may return a shared counter.
 */
public abstract class TokenCounterContract {
  /** Threads counting at once in {@link #countsTheSameFromManyThreads()}. */
  protected static final int THREADS = 4;
  /** Times {@link #countsLongTextsWhole()} repeats a word: far past any model's input limit. */
  protected static final int LONG_TEXT_WORDS = 5_000;

  /** Texts the tests count; each holds letters. */
  protected static final List<String> SAMPLES =
      List.of(
          "Hello",
          "The lighthouse was built in 1874; its keeper lived in a small cottage.",
          "  Leading and trailing whitespace, and a tab\tinside.  ",
          "Un café crème, s'il vous plaît — 3,50 €.",
          "東京タワーは1958年に完成した。",
          "Emoji too 🙂 and a URL: https://example.com/a?b=c.",
          "Retrieval-augmented generation (RAG) grounds answers in retrieved passages.\n\nA second paragraph.");

  /** The counter under test. Called once per test. */
  protected abstract TokenCounter counter();

  @Test
  public void theEmptyTextCountsNoTokens() {
    assertThat(counter().countTokens("")).isZero();
  }

  @Test
  public void aTextWithWordsCountsAtLeastOneTokenEach() {
    TokenCounter counter = counter();
    for (String text : SAMPLES) {
      assertThat(counter.countTokens(text)).as("tokens of '%s'", text).isPositive();
    }
  }

  @Test
  public void countsLongTextsWhole() {
    TokenCounter counter = counter();
    String text = "lighthouse ".repeat(LONG_TEXT_WORDS);

    assertThat(counter.countTokens(text))
        .as("a long text is counted whole, not cut at an input limit")
        .isGreaterThanOrEqualTo(LONG_TEXT_WORDS);
  }

  @Test
  public void aTextAlwaysCountsTheSame() {
    TokenCounter counter = counter();
    for (String text : SAMPLES) {
      assertThat(counter.countTokens(text)).as(text).isEqualTo(counter.countTokens(new String(text)));
    }
  }

  @Test
  public void refusesANullText() {
    TokenCounter counter = counter();

    assertThatThrownBy(() -> counter.countTokens(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void countsTheSameFromManyThreads() throws Exception {
    TokenCounter counter = counter();
    List<Integer> expected = new ArrayList<>();
    for (String text : SAMPLES) {
      expected.add(counter.countTokens(text));
    }
    List<Callable<List<Integer>>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(() -> {
        List<Integer> counts = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
          counts.clear();
          for (String text : SAMPLES) {
            counts.add(counter.countTokens(text));
          }
        }
        return counts;
      });
    }

    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (Future<List<Integer>> future : pool.invokeAll(calls)) {
        assertThat(future.get()).isEqualTo(expected);
      }
    }
  }

  @Test
  public void encodeGivesAsManyIdsAsTheCount() {
    Tokenizer tokenizer = tokenizer();
    assertThat(tokenizer.encode("")).isEmpty();
    for (String text : SAMPLES) {
      assertThat(tokenizer.encode(text)).as(text).hasSize(tokenizer.countTokens(text));
    }
    assertThatThrownBy(() -> tokenizer.encode(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void truncateCutsAPrefixThatFitsAndGrowsWithTheLimit() {
    Tokenizer tokenizer = tokenizer();
    for (String text : SAMPLES) {
      int tokens = tokenizer.countTokens(text);
      int previousLength = -1;
      for (int limit = 0; limit <= tokens; limit++) {
        String cut = tokenizer.truncate(text, limit);
        assertThat(text).as("truncate('%s', %d)", text, limit).startsWith(cut);
        assertThat(tokenizer.countTokens(cut)).as("tokens of truncate('%s', %d)", text, limit)
            .isLessThanOrEqualTo(limit);
        assertThat(cut.length()).as("truncate('%s', %d) is not shorter than with one token less", text, limit)
            .isGreaterThanOrEqualTo(previousLength);
        previousLength = cut.length();
      }
      assertThat(tokenizer.truncate(text, tokens)).as("a text that fits is kept whole").isEqualTo(text);
      assertThat(tokenizer.truncate(text, tokens + 10)).isEqualTo(text);
    }
  }

  @Test
  public void truncateRefusesANullTextAndANegativeLimit() {
    Tokenizer tokenizer = tokenizer();

    assertThatThrownBy(() -> tokenizer.truncate(null, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokenizer.truncate("text", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The counter as a {@link Tokenizer}; skips the test when it is a plain counter. */
  private Tokenizer tokenizer() {
    TokenCounter counter = counter();
    assumeTrue(counter instanceof Tokenizer, "not a Tokenizer: encode and truncate are not part of its contract");
    return (Tokenizer) counter;
  }
}
