package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HuggingFaceTokenizerTest {
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = HuggingFaceTokenizer.load(EmbeddingPreset.ALL_MINILM_L6_V2);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void theFingerprintIsTheSameForTheSameFileAndDiffersForAnother() {
    try (HuggingFaceTokenizer again = HuggingFaceTokenizer.load(EmbeddingPreset.ALL_MINILM_L6_V2);
        HuggingFaceTokenizer bge = HuggingFaceTokenizer.load(EmbeddingPreset.BGE_SMALL_EN_V15)) {
      assertThat(tokenizer.fingerprint()).isPresent().isEqualTo(again.fingerprint())
          .hasValueSatisfying(f -> assertThat(f).startsWith("huggingface-tokenizer:").hasSize(22 + 64));
      assertThat(bge.fingerprint()).isPresent().isNotEqualTo(tokenizer.fingerprint());
    }
  }

  @Test
  void countsWordPiecesWithoutSpecialTokens() {
    assertThat(tokenizer.countTokens("hello world")).isEqualTo(2);
    assertThat(tokenizer.encode("hello world")).containsExactly(7592, 2088);
    assertThat(tokenizer.countTokens("")).isZero();
  }

  @Test
  void ignoresTheFilesOwnTruncationOf128Tokens() {
    assertThat(tokenizer.countTokens("word ".repeat(300))).isEqualTo(300);
  }

  @Test
  void truncateReturnsTheLongestPrefixWithinTheLimit() {
    assertThat(tokenizer.truncate("hello brave new world", 2)).isEqualTo("hello brave ");
    assertThat(tokenizer.truncate("hello world", 5)).isEqualTo("hello world");
    assertThat(tokenizer.truncate("hello world", 0)).isEmpty();
  }

  @Test
  void truncateKeepsAPrefixWithinTheLimitOnRandomMixedScriptText() {
    Random random = new Random(7);
    String[] pieces = {"protein", "un", "affable", " ", "。", "蛋白质", "タンパク質", "😀", "x", "-", "42", "\n"};
    for (int run = 0; run < 300; run++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String source = text.toString();
      int max = random.nextInt(20);
      String cut = tokenizer.truncate(source, max);
      assertThat(source).startsWith(cut);
      assertThat(tokenizer.countTokens(cut)).isLessThanOrEqualTo(max);
      if (tokenizer.countTokens(source) <= max) {
        assertThat(cut).isEqualTo(source);
      }
    }
  }

  @Test
  void rejectsNullAndNegativeLimits() {
    assertThatThrownBy(() -> tokenizer.countTokens(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokenizer.truncate("x", -1)).hasMessageContaining("maxTokens");
  }
}
