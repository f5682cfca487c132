package dev.quarry.rag.splitter;

import static dev.quarry.rag.splitter.RecursiveCharacterSplitterTest.doc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.testkit.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every splitter on large documents (no quadratic blow-up) and shared between threads. */
class SplitterScaleTest {
  private static final WordTokenizer TOKENIZER = new WordTokenizer();

  private static List<DocumentSplitter> splitters() {
    return List.of(
        RecursiveCharacterSplitter.builder().chunkSize(500).chunkOverlap(100).build(),
        TokenSplitter.builder(TOKENIZER).chunkSize(128).chunkOverlap(16).build(),
        SentenceSplitter.builder().chunkSize(500).chunkOverlap(100).build(),
        MarkdownSplitter.builder().chunkSize(500).chunkOverlap(100).build());
  }

  @Test
  void splitsMegabytesQuickly() {
    StringBuilder markdown = new StringBuilder();
    Random random = new Random(11);
    while (markdown.length() < 1_000_000) {
      markdown.append(RandomMarkdown.generate(random).text).append('\n');
    }
    List<String> texts =
        List.of(
            RandomTexts.english(new Random(1), 150_000),
            RandomTexts.cjk(new Random(2), 500_000),
            RandomTexts.longWords(new Random(3), 5_000),
            markdown.toString());
    for (DocumentSplitter splitter : splitters()) {
      for (String text : texts) {
        long started = System.nanoTime();
        List<Chunk> chunks = splitter.split(doc(text));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(chunks).isNotEmpty();
        assertThat(millis)
            .as("%s on %d chars", splitter.getClass().getSimpleName(), text.length())
            .isLessThan(10_000);
      }
    }
  }

  @Test
  void givesTheSameChunksWhenSharedBetweenThreads() throws Exception {
    List<Document> documents = new ArrayList<>();
    for (int seed = 0; seed < 30; seed++) {
      documents.add(doc(RandomTexts.any(new Random(seed))));
      documents.add(doc(RandomMarkdown.generate(new Random(seed)).text.toString()));
    }
    for (DocumentSplitter splitter : splitters()) {
      List<List<Chunk>> expected = documents.stream().map(splitter::split).toList();
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        List<Future<List<Chunk>>> futures = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
          for (Document document : documents) {
            futures.add(pool.submit(() -> splitter.split(document)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(expected.get(i % documents.size()));
        }
      }
    }
  }
}
