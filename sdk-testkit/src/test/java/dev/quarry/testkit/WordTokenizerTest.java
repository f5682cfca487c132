package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WordTokenizerTest {
  private final WordTokenizer subWords = new WordTokenizer();
  private final WordTokenizer wholeWords = new WordTokenizer(WordTokenizer.WHOLE_WORDS);

  @Test
  void longWordsTakeSeveralSubWordTokensAndCjkCharsOneEach() {
    assertThat(subWords.countTokens("the lighthouse")).isEqualTo(1 + 3);
    assertThat(subWords.countTokens("東京 tower")).isEqualTo(2 + 2);
    assertThat(new WordTokenizer(2).countTokens("keeper")).isEqualTo(3);
  }

  @Test
  void wholeWordsCountOneTokenPerWord() {
    assertThat(wholeWords.countTokens("  the lighthouse\tkeeper\n")).isEqualTo(3);
    assertThat(wholeWords.countTokens("東京 tower")).isEqualTo(3);
    assertThat(wholeWords.truncate("the lighthouse keeper", 2)).isEqualTo("the lighthouse");
    assertThat(wholeWords.encode("the lighthouse keeper")).hasSize(3);
  }

  @Test
  void refusesFewerThanOneCharPerToken() {
    assertThatThrownBy(() -> new WordTokenizer(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
