package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.api.tokenizer.Tokenizer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract passes the testkit's counters and fails broken ones. */
class TokenCounterContractTest {

  @Nested
  class ASubWordTokenizer extends TokenCounterContract {
    @Override
    protected TokenCounter counter() {
      return new WordTokenizer();
    }
  }

  @Nested
  class AWholeWordTokenizer extends TokenCounterContract {
    @Override
    protected TokenCounter counter() {
      return new WordTokenizer(WordTokenizer.WHOLE_WORDS);
    }
  }

  @Nested
  class TheScriptedChatModelsCounter extends TokenCounterContract {
    @Override
    protected TokenCounter counter() {
      return ScriptedChatModel.DEFAULT_TOKEN_COUNTER;
    }
  }

  private static TokenCounterContract suiteFor(TokenCounter counter) {
    return new TokenCounterContract() {
      @Override
      protected TokenCounter counter() {
        return counter;
      }
    };
  }

  @Test
  void failsACounterThatStopsAtAnInputLimit() {
    TokenCounter words = new WordTokenizer();
    TokenCounter capped = text -> Math.min(512, words.countTokens(text));

    assertThatThrownBy(suiteFor(capped)::countsLongTextsWhole).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsACounterThatThrowsSomethingElseForNull() {
    TokenCounter lengths = text -> (text.length() + 3) / 4;

    assertThatThrownBy(suiteFor(lengths)::refusesANullText).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsATokenizerWhoseTruncateOvershoots() {
    Tokenizer words = new WordTokenizer();
    Tokenizer overshooting = new Tokenizer() {
      @Override
      public int countTokens(String text) {
        return words.countTokens(text);
      }

      @Override
      public int[] encode(String text) {
        return words.encode(text);
      }

      @Override
      public String truncate(String text, int maxTokens) {
        return words.truncate(text, maxTokens + 1);
      }
    };

    assertThatThrownBy(suiteFor(overshooting)::truncateCutsAPrefixThatFitsAndGrowsWithTheLimit)
        .isInstanceOf(AssertionError.class);
  }
}
