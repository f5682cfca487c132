package dev.quarry.rag.splitter;

import static dev.quarry.rag.splitter.RecursiveCharacterSplitterTest.doc;
import static dev.quarry.rag.splitter.SplitterAssertions.shared;
import static dev.quarry.rag.splitter.SplitterAssertions.splitAndCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.WordTokenizer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenSplitterTest {
  private final WordTokenizer tokenizer = new WordTokenizer();

  @Test
  void holdsEveryPromiseInTokensOnRandomTexts() {
    for (int seed = 0; seed < 800; seed++) {
      Random random = new Random(seed);
      String text = RandomTexts.any(random);
      int size = 1 + random.nextInt(random.nextBoolean() ? 8 : 120);
      int overlap = random.nextInt(size);
      TokenSplitter splitter = TokenSplitter.builder(tokenizer).chunkSize(size).chunkOverlap(overlap).build();
      splitAndCheck(splitter, doc(text), size, overlap, tokenizer::countTokens, "seed " + seed + " size " + size);
    }
  }

  @Test
  void holdsEveryPromiseInTokensOnRealTexts() {
    for (String text : List.of(RealTexts.ENGLISH, RealTexts.CHINESE, RealTexts.JAPANESE, RealTexts.MARKDOWN)) {
      for (int size : new int[] {1, 3, 16, 64, 256}) {
        for (int overlap : new int[] {0, size / 8, size / 2}) {
          TokenSplitter splitter = TokenSplitter.builder(tokenizer).chunkSize(size).chunkOverlap(overlap).build();
          splitAndCheck(splitter, doc(text), size, overlap, tokenizer::countTokens, "size " + size + "/" + overlap);
        }
      }
    }
  }

  @Test
  void fillsChunksByTokensNotChars() {
    List<Chunk> chunks =
        splitAndCheck(
            TokenSplitter.builder(tokenizer).chunkSize(40).chunkOverlap(0).build(),
            doc(RealTexts.ENGLISH),
            40,
            0,
            tokenizer::countTokens,
            "english");
    assertThat(chunks.getFirst().length()).isGreaterThan(100); // 40 tokens is far more than 40 chars
    double average =
        chunks.subList(0, chunks.size() - 1).stream()
            .mapToInt(c -> tokenizer.countTokens(c.text()))
            .average()
            .orElseThrow();
    assertThat(average).isGreaterThan(30);
  }

  @Test
  void overlapsByWholeWordsUpToTheTokenBudget() {
    Random random = new Random(3);
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      words.append(RandomTexts.word(random, 1 + random.nextInt(12))).append(' '); // 1 to 3 tokens each
    }
    String text = words.toString();
    List<Chunk> chunks =
        splitAndCheck(
            TokenSplitter.builder(tokenizer).chunkSize(50).chunkOverlap(10).build(),
            doc(text),
            50,
            10,
            tokenizer::countTokens,
            "words");
    for (int i = 1; i < chunks.size(); i++) {
      String shared = shared(text, chunks.get(i - 1), chunks.get(i));
      // one more word (at most 3 tokens) would have exceeded the budget of 10
      assertThat(tokenizer.countTokens(shared)).isBetween(8, 10);
      assertThat(Character.isWhitespace(text.charAt(chunks.get(i).startOffset() - 1))).isTrue();
    }
  }

  @Test
  void asksTheTokenizerAboutEachCharOnlyAFewTimes() {
    AtomicLong charsCounted = new AtomicLong();
    TokenCounter counting =
        text -> {
          charsCounted.addAndGet(text.length());
          return tokenizer.countTokens(text);
        };
    String text = RandomTexts.english(new Random(5), 50_000);
    List<Chunk> chunks = TokenSplitter.builder(counting).chunkSize(256).chunkOverlap(32).build().split(doc(text));
    assertThat(chunks).hasSizeGreaterThan(50_000 / 256);
    assertThat(charsCounted.get()).as("chars tokenized per char of text").isLessThan(25L * text.length());
  }

  @Test
  void hasDocumentedDefaults() {
    assertThat(TokenSplitter.DEFAULT_CHUNK_SIZE).isEqualTo(256);
    assertThat(TokenSplitter.DEFAULT_CHUNK_OVERLAP).isEqualTo(32);
    String text = RealTexts.ENGLISH.repeat(4);
    splitAndCheck(TokenSplitter.builder(tokenizer).build(), doc(text), 256, 32, tokenizer::countTokens, "defaults");
  }

  @Test
  void usesTheGivenSeparators() {
    TokenSplitter splitter =
        TokenSplitter.builder(tokenizer).chunkSize(2).chunkOverlap(0).separators(List.of("|", "")).build();
    assertThat(splitter.split(doc("a b|c d|e f")).stream().map(Chunk::text))
        .containsExactly("a b|", "c d|", "e f");
  }

  @Test
  void rejectsBadSettingsSayingWhatIsAllowed() {
    assertThatThrownBy(() -> TokenSplitter.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokenizer must not be null");
    assertThatThrownBy(() -> TokenSplitter.builder(tokenizer).chunkSize(-5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be > 0, was -5");
    assertThatThrownBy(() -> TokenSplitter.builder(tokenizer).chunkSize(8).chunkOverlap(9).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkOverlap must be >= 0 and < chunkSize (8), was 9");
    assertThatThrownBy(() -> TokenSplitter.builder(tokenizer).separators(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("separators must not be null");
  }

  @Test
  void testTokenizerIsConsistent() {
    String text = "Hello wonderful world, 你好世界。";
    assertThat(tokenizer.countTokens(text)).isEqualTo(2 + 3 + 2 + 5);
    assertThat(tokenizer.encode(text)).hasSize(12);
    assertThat(tokenizer.truncate(text, 3)).isEqualTo("Hello wond");
    assertThat(tokenizer.truncate(text, 5)).isEqualTo("Hello wonderful");
    assertThat(tokenizer.truncate(text, 100)).isEqualTo(text);
  }
}
