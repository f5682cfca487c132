package dev.quarry.rag.splitter;

import static dev.quarry.rag.splitter.RecursiveCharacterSplitterTest.doc;
import static dev.quarry.rag.splitter.RecursiveCharacterSplitterTest.texts;
import static dev.quarry.rag.splitter.SplitterAssertions.shared;
import static dev.quarry.rag.splitter.SplitterAssertions.splitAndCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.testkit.WordTokenizer;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private static final Locale[] LOCALES = {Locale.ROOT, Locale.ENGLISH, Locale.CHINESE, Locale.JAPANESE};

  @Test
  void holdsEveryPromiseOnRandomTexts() {
    for (int seed = 0; seed < 1000; seed++) {
      Random random = new Random(seed);
      String text = RandomTexts.any(random);
      int size = 1 + random.nextInt(random.nextBoolean() ? 12 : 300);
      int overlap = random.nextInt(size);
      Locale locale = LOCALES[random.nextInt(LOCALES.length)];
      SentenceSplitter splitter =
          SentenceSplitter.builder().locale(locale).chunkSize(size).chunkOverlap(overlap).build();
      splitAndCheck(splitter, doc(text), size, overlap, String::length, "seed " + seed + " size " + size);
    }
  }

  @Test
  void holdsEveryPromiseOnRealTexts() {
    for (String text : List.of(RealTexts.ENGLISH, RealTexts.CHINESE, RealTexts.JAPANESE, RealTexts.MARKDOWN)) {
      for (int size : new int[] {1, 7, 40, 150, 600, 4000}) {
        for (int overlap : new int[] {0, size / 5, size / 2}) {
          for (Locale locale : LOCALES) {
            SentenceSplitter splitter =
                SentenceSplitter.builder().locale(locale).chunkSize(size).chunkOverlap(overlap).build();
            splitAndCheck(splitter, doc(text), size, overlap, String::length, locale + " " + size + "/" + overlap);
          }
        }
      }
    }
  }

  @Test
  void endsChineseAndJapaneseSentencesAtFullWidthPunctuation() {
    SentenceSplitter chinese = SentenceSplitter.builder().locale(Locale.CHINESE).chunkSize(8).chunkOverlap(0).build();
    assertThat(texts(chinese, "今天天气很好。我们去公园吧！你觉得怎么样？好的。"))
        .containsExactly("今天天气很好。", "我们去公园吧！", "你觉得怎么样？", "好的。");
    SentenceSplitter japanese =
        SentenceSplitter.builder().locale(Locale.JAPANESE).chunkSize(10).chunkOverlap(0).build();
    assertThat(texts(japanese, "今日は晴れです。散歩に行きましょう！どう思いますか？はい。"))
        .containsExactly("今日は晴れです。", "散歩に行きましょう！", "どう思いますか？", "はい。");
  }

  @Test
  void packsWholeSentencesOfRealChineseAndJapanese() {
    for (String text : List.of(RealTexts.CHINESE, RealTexts.JAPANESE)) {
      for (int size : new int[] {80, 120, 200}) {
        SentenceSplitter splitter =
            SentenceSplitter.builder().locale(Locale.CHINESE).chunkSize(size).chunkOverlap(size / 3).build();
        List<Chunk> chunks = splitAndCheck(splitter, doc(text), size, size / 3, String::length, "size " + size);
        for (Chunk chunk : chunks) {
          assertThat(chunk.text()).as("chunk %s", chunk).matches("(?s).*[。！？]");
          int before = chunk.startOffset() - 1;
          assertThat(before < 0 || "。！？\n".indexOf(text.charAt(before)) >= 0).as("chunk %s", chunk).isTrue();
        }
      }
    }
  }

  @Test
  void overlapIsWholeTrailingSentences() {
    String text = RealTexts.ENGLISH;
    List<Chunk> chunks =
        splitAndCheck(
            SentenceSplitter.builder().chunkSize(400).chunkOverlap(150).build(),
            doc(text),
            400,
            150,
            String::length,
            "english");
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      String shared = shared(text, chunks.get(i - 1), chunks.get(i));
      if (!shared.isEmpty()) {
        overlapping++;
        assertThat(shared).matches("(?s).*[.!?\"]");
        assertThat(Character.isWhitespace(text.charAt(chunks.get(i).startOffset() - 1))).isTrue();
        assertThat(text.substring(0, chunks.get(i).startOffset()).stripTrailing()).matches("(?s).*[.!?\"]");
      }
    }
    assertThat(overlapping).isGreaterThan(chunks.size() / 2);
  }

  @Test
  void cutsASentenceLongerThanAChunk() {
    String sentence = "This sentence goes on and on " + "and on ".repeat(100) + "until it stops. Short one.";
    List<Chunk> chunks =
        splitAndCheck(
            SentenceSplitter.builder().chunkSize(50).chunkOverlap(10).build(),
            doc(sentence),
            50,
            10,
            String::length,
            "long sentence");
    assertThat(chunks).hasSizeGreaterThan(10);
    assertThat(chunks.getLast().text()).endsWith("Short one.");
  }

  @Test
  void hasDocumentedDefaults() {
    assertThat(SentenceSplitter.DEFAULT_CHUNK_SIZE).isEqualTo(1000);
    assertThat(SentenceSplitter.DEFAULT_CHUNK_OVERLAP).isEqualTo(200);
    assertThat(SentenceSplitter.DEFAULT_LOCALE).isEqualTo(Locale.ROOT);
    splitAndCheck(SentenceSplitter.builder().build(), doc(RealTexts.ENGLISH), 1000, 200, String::length, "defaults");
  }

  @Test
  void measuresWithTheLengthFunction() {
    WordTokenizer tokenizer = new WordTokenizer();
    SentenceSplitter splitter =
        SentenceSplitter.builder().chunkSize(30).chunkOverlap(8).lengthFunction(tokenizer::countTokens).build();
    for (String text : List.of(RealTexts.ENGLISH, RealTexts.CHINESE, RealTexts.JAPANESE)) {
      splitAndCheck(splitter, doc(text), 30, 8, tokenizer::countTokens, "tokens");
    }
  }

  @Test
  void rejectsBadSettingsSayingWhatIsAllowed() {
    assertThatThrownBy(() -> SentenceSplitter.builder().locale(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("locale must not be null");
    assertThatThrownBy(() -> SentenceSplitter.builder().chunkSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be > 0, was 0");
    assertThatThrownBy(() -> SentenceSplitter.builder().chunkSize(100).chunkOverlap(100).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkOverlap must be >= 0 and < chunkSize (100), was 100");
    assertThatThrownBy(() -> SentenceSplitter.builder().lengthFunction(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SentenceSplitter.builder().build().split(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document must not be null");
  }
}
