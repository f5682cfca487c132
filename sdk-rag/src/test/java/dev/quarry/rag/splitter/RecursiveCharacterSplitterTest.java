package dev.quarry.rag.splitter;

import static dev.quarry.rag.splitter.SplitterAssertions.shared;
import static dev.quarry.rag.splitter.SplitterAssertions.splitAndCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecursiveCharacterSplitterTest {

  @Test
  void holdsEveryPromiseOnRandomTexts() {
    for (int seed = 0; seed < 1500; seed++) {
      Random random = new Random(seed);
      String text = RandomTexts.any(random);
      int size = 1 + random.nextInt(random.nextBoolean() ? 12 : 300);
      int overlap = random.nextInt(size);
      RecursiveCharacterSplitter splitter =
          RecursiveCharacterSplitter.builder().chunkSize(size).chunkOverlap(overlap).build();
      splitAndCheck(splitter, doc(text), size, overlap, String::length, "seed " + seed + " size " + size);
    }
  }

  @Test
  void holdsEveryPromiseOnRealTexts() {
    for (String text : List.of(RealTexts.ENGLISH, RealTexts.CHINESE, RealTexts.JAPANESE, RealTexts.MARKDOWN)) {
      for (int size : new int[] {1, 2, 5, 17, 64, 100, 250, 1000, 5000}) {
        for (int overlap : new int[] {0, size / 10, size / 4, size - 1}) {
          RecursiveCharacterSplitter splitter =
              RecursiveCharacterSplitter.builder().chunkSize(size).chunkOverlap(overlap).build();
          List<Chunk> chunks =
              splitAndCheck(splitter, doc(text), size, overlap, String::length, "size " + size + "/" + overlap);
          assertThat(chunks).isNotEmpty();
        }
      }
    }
  }

  @Test
  void overlapStartsAtAWordAndIsNearlyAsLongAsConfigured() {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      StringBuilder words = new StringBuilder();
      int count = 50 + random.nextInt(300);
      for (int i = 0; i < count; i++) {
        words.append(RandomTexts.word(random, 1 + random.nextInt(10))).append(' ');
      }
      int overlap = 11 + random.nextInt(60);
      int size = 2 * overlap + 11 + random.nextInt(200);
      String text = words.toString();
      List<Chunk> chunks =
          splitAndCheck(
              RecursiveCharacterSplitter.builder().chunkSize(size).chunkOverlap(overlap).build(),
              doc(text),
              size,
              overlap,
              String::length,
              "seed " + seed);
      for (int i = 1; i < chunks.size(); i++) {
        String shared = shared(text, chunks.get(i - 1), chunks.get(i));
        // the earliest break is taken: one more word (<= 10 letters + space) would exceed the overlap
        assertThat(shared.length()).as("seed " + seed + " chunk " + i).isGreaterThan(overlap - 12);
        assertThat(text.charAt(chunks.get(i).startOffset() - 1)).as("seed " + seed).isEqualTo(' ');
      }
    }
  }

  @Test
  void overlapInCjkTextIsWholeSentences() {
    String text = RealTexts.CHINESE;
    List<Chunk> chunks =
        splitAndCheck(
            RecursiveCharacterSplitter.builder().chunkSize(80).chunkOverlap(40).build(),
            doc(text),
            80,
            40,
            String::length,
            "chinese");
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      if (!shared(text, chunks.get(i - 1), chunks.get(i)).isEmpty()) {
        overlapping++;
        char before = text.charAt(chunks.get(i).startOffset() - 1);
        assertThat("。！？；\n").contains(String.valueOf(before));
      }
    }
    assertThat(overlapping).isPositive();
  }

  @Test
  void wordsLongerThanAChunkAreCutIntoFullChunksWithExactOverlap() {
    String text = RandomTexts.word(new Random(7), 1000);
    List<Chunk> chunks =
        splitAndCheck(
            RecursiveCharacterSplitter.builder().chunkSize(100).chunkOverlap(30).build(),
            doc(text),
            100,
            30,
            String::length,
            "long word");
    for (int i = 0; i < chunks.size() - 1; i++) {
      assertThat(chunks.get(i).length()).isEqualTo(100);
      assertThat(chunks.get(i + 1).startOffset()).isEqualTo(chunks.get(i).endOffset() - 30);
    }
    assertThat(chunks.getLast().endOffset()).isEqualTo(1000);
  }

  @Test
  void prefersParagraphThenSentenceEnds() {
    String text = "First paragraph, one sentence.\n\nSecond one. It has two sentences.\n\nThird.";
    List<String> chunks = texts(RecursiveCharacterSplitter.builder().chunkSize(40).chunkOverlap(0).build(), text);
    assertThat(chunks).containsExactly("First paragraph, one sentence.", "Second one. It has two sentences.", "Third.");

    String sentences = "One sentence here. Another one there. And a third one.";
    assertThat(texts(RecursiveCharacterSplitter.builder().chunkSize(40).chunkOverlap(0).build(), sentences))
        .containsExactly("One sentence here. Another one there.", "And a third one.");
  }

  @Test
  void doesNotCountTheWhitespaceAChunkLeavesOut() {
    assertThat(texts(RecursiveCharacterSplitter.builder().chunkSize(10).chunkOverlap(0).build(), "one two three four"))
        .containsExactly("one two", "three four");
  }

  @Test
  void cutsChineseAndJapaneseAtSentenceEnders() {
    String text = "今天天气很好。我们去公园吧！你觉得怎么样？好的；走吧。";
    assertThat(texts(RecursiveCharacterSplitter.builder().chunkSize(8).chunkOverlap(0).build(), text))
        .containsExactly("今天天气很好。", "我们去公园吧！", "你觉得怎么样？", "好的；走吧。");
    String japanese = "今日は晴れです。散歩に行きましょう！";
    assertThat(texts(RecursiveCharacterSplitter.builder().chunkSize(12).chunkOverlap(0).build(), japanese))
        .containsExactly("今日は晴れです。", "散歩に行きましょう！");
  }

  @Test
  void doesNotCutAtADotThatIsNotFollowedBySpace() {
    String text = "Pi is about 3.14159 and e is 2.71828 in value";
    assertThat(texts(RecursiveCharacterSplitter.builder().chunkSize(20).chunkOverlap(0).build(), text))
        .allSatisfy(chunk -> assertThat(chunk).doesNotEndWith("3.").doesNotEndWith("2."))
        .contains("Pi is about 3.14159", "and e is 2.71828 in", "value");
  }

  @Test
  void neverCutsASurrogatePairWhenAChunkCanHoldIt() {
    String text = "😀😁😂🤣😃😄😅😆😉😊".repeat(5);
    for (Chunk chunk : RecursiveCharacterSplitter.builder().chunkSize(5).chunkOverlap(2).build().split(doc(text))) {
      assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
      assertThat(Character.isHighSurrogate(chunk.text().charAt(chunk.text().length() - 1))).isFalse();
      assertThat(chunk.length()).isEqualTo(4);
    }
  }

  @Test
  void usesTheGivenSeparatorsAndFallsBackToChars() {
    String text = "a|bb|ccc|dddddddd";
    RecursiveCharacterSplitter pipes =
        RecursiveCharacterSplitter.builder().chunkSize(4).chunkOverlap(0).separators(List.of("|")).build();
    assertThat(texts(pipes, text))
        .containsExactly("a|", "bb|", "ccc|", "dddd", "dddd");
    RecursiveCharacterSplitter chars =
        RecursiveCharacterSplitter.builder().chunkSize(3).chunkOverlap(0).separators(List.of()).build();
    assertThat(texts(chars, "abcdefg"))
        .containsExactly("abc", "def", "g");
  }

  @Test
  void measuresWithTheLengthFunction() {
    String text = "😀😁😂🤣😃😄😅😆😉😊";
    RecursiveCharacterSplitter splitter =
        RecursiveCharacterSplitter.builder()
            .chunkSize(3)
            .chunkOverlap(1)
            .lengthFunction(s -> s.codePointCount(0, s.length()))
            .build();
    List<Chunk> chunks =
        splitAndCheck(splitter, doc(text), 3, 1, s -> s.codePointCount(0, s.length()), "code points");
    assertThat(chunks.getFirst().text()).isEqualTo("😀😁😂");
    assertThat(chunks.get(1).text()).isEqualTo("😂🤣😃");
  }

  @Test
  void labelsChunksAndKeepsDocumentMetadata() {
    Document document =
        new Document("guide.txt", "one two three four five six", Metadata.of(Map.of("source", "guide.txt")));
    List<Chunk> chunks = RecursiveCharacterSplitter.builder().chunkSize(10).chunkOverlap(0).build().split(document);
    assertThat(chunks).extracting(Chunk::id).containsExactly("guide.txt#0", "guide.txt#1", "guide.txt#2");
    assertThat(chunks).extracting(Chunk::text).containsExactly("one two", "three four", "five six");
    assertThat(chunks).extracting(Chunk::documentId).containsOnly("guide.txt");
    assertThat(chunks.get(2).metadata().asMap()).containsEntry("source", "guide.txt").containsEntry("chunk_index", 2L);
    assertThat(chunks.get(1).startOffset()).isEqualTo(8);
  }

  @Test
  void emptyAndBlankTextsGiveNoChunks() {
    RecursiveCharacterSplitter splitter = RecursiveCharacterSplitter.builder().build();
    assertThat(splitter.split(doc(""))).isEmpty();
    assertThat(splitter.split(doc(" \n\n\t\u3000 "))).isEmpty();
    assertThat(splitter.split(doc("  hello  "))).singleElement().satisfies(c -> {
      assertThat(c.text()).isEqualTo("hello");
      assertThat(c.startOffset()).isEqualTo(2);
    });
  }

  @Test
  void hasDocumentedDefaults() {
    assertThat(RecursiveCharacterSplitter.DEFAULT_CHUNK_SIZE).isEqualTo(1000);
    assertThat(RecursiveCharacterSplitter.DEFAULT_CHUNK_OVERLAP).isEqualTo(200);
    assertThat(RecursiveCharacterSplitter.DEFAULT_SEPARATORS)
        .containsExactly("\n\n", "\n", "。", "！", "？", "；", ". ", "! ", "? ", " ", "");
    String text = RealTexts.ENGLISH.repeat(3);
    splitAndCheck(RecursiveCharacterSplitter.builder().build(), doc(text), 1000, 200, String::length, "defaults");
  }

  @Test
  void rejectsBadSettingsSayingWhatIsAllowed() {
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().chunkSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be > 0, was 0");
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().chunkSize(10).chunkOverlap(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkOverlap must be >= 0 and < chunkSize (10), was 10");
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().chunkOverlap(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkOverlap must be >= 0");
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().separators(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("separators must not be null");
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().separators(Arrays.asList("\n", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().lengthFunction(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecursiveCharacterSplitter.builder().build().split(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document must not be null");
    assertThatThrownBy(
            () -> RecursiveCharacterSplitter.builder().lengthFunction(s -> -1).build().split(doc("text")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be >= 0");
  }

  static Document doc(String text) {
    return Document.of("doc", text);
  }

  static List<String> texts(DocumentSplitter splitter, String text) {
    return splitter.split(doc(text)).stream().map(Chunk::text).toList();
  }
}
