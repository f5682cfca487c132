package dev.quarry.rag.splitter;

import static dev.quarry.rag.splitter.RecursiveCharacterSplitterTest.doc;
import static dev.quarry.rag.splitter.SplitterAssertions.splitAndCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.testkit.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkdownSplitterTest {
  private static final String MD = RealTexts.MARKDOWN;

  @Test
  void holdsEveryPromiseOnRandomMarkdown() {
    for (int seed = 0; seed < 1500; seed++) {
      Random random = new Random(seed);
      RandomMarkdown md = RandomMarkdown.generate(random);
      String text = md.text.toString();
      int size = 1 + random.nextInt(random.nextInt(4) == 0 ? 20 : 600);
      int overlap = random.nextInt(size);
      String context = "seed " + seed + " size " + size + "/" + overlap;
      List<Chunk> chunks =
          splitAndCheck(
              MarkdownSplitter.builder().chunkSize(size).chunkOverlap(overlap).build(),
              doc(text),
              size,
              overlap,
              String::length,
              context);
      for (Chunk chunk : chunks) {
        RandomMarkdown.Section section = md.sectionAt(chunk.startOffset());
        assertThat(chunk.metadata().getString(MarkdownSplitter.HEADER_PATH).orElse(null))
            .as("%s: path of %s", context, chunk)
            .isEqualTo(section == null ? null : section.path());
        int level = section == null ? 0 : section.level();
        for (RandomMarkdown.Section inside : md.sections) {
          if (inside.start() > chunk.startOffset() && inside.start() < chunk.endOffset()) {
            assertThat(inside.level()).as("%s: %s runs past its section into %s", context, chunk, inside)
                .isGreaterThan(level);
          }
        }
      }
      for (RandomMarkdown.Block block : md.blocks) {
        if (block.end() - block.start() <= size) {
          assertKeptWhole(chunks, block.start(), block.end(), context);
        }
      }
    }
  }

  @Test
  void labelsChunksOfTheRealGuideWithTheirHeaderPath() {
    List<Integer> starts = new ArrayList<>();
    for (Map.Entry<String, String> header : RealTexts.MARKDOWN_HEADERS) {
      int at = MD.indexOf("\n" + header.getKey() + "\n") + 1;
      assertThat(at).as(header.getKey()).isPositive();
      starts.add(at);
    }
    for (int size : new int[] {30, 80, 150, 300, 700, 5000}) {
      for (int overlap : new int[] {0, size / 5, size / 2}) {
        List<Chunk> chunks =
            splitAndCheck(
                MarkdownSplitter.builder().chunkSize(size).chunkOverlap(overlap).build(),
                doc(MD),
                size,
                overlap,
                String::length,
                "size " + size + "/" + overlap);
        for (Chunk chunk : chunks) {
          String expected = null;
          for (int h = 0; h < starts.size(); h++) {
            if (starts.get(h) <= chunk.startOffset()) {
              expected = RealTexts.MARKDOWN_HEADERS.get(h).getValue();
            }
          }
          assertThat(chunk.metadata().getString(MarkdownSplitter.HEADER_PATH).orElse(null))
              .as("size %d: %s", size, chunk)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void findsTheExpectedSectionsOfTheRealGuide() {
    List<Chunk> chunks = MarkdownSplitter.builder().chunkSize(200).chunkOverlap(0).build().split(doc(MD));
    assertThat(chunks.getFirst().text()).startsWith("This guide is maintained");
    assertThat(chunks.getFirst().metadata().containsKey(MarkdownSplitter.HEADER_PATH)).isFalse();
    assertThat(pathOfChunkWith(chunks, "chmod +x quarry"))
        .isEqualTo("Quarry Guide > Installation > From the command line");
    assertThat(pathOfChunkWith(chunks, "quarter of the chunk size"))
        .isEqualTo("Quarry Guide > Configuration > Overlap");
    assertThat(pathOfChunkWith(chunks, "warming up")).isEqualTo("Appendix"); // with its subsection
    assertThat(chunks.getLast().text()).startsWith("# Appendix\n\n## Troubleshooting");
    assertThat(pathOfChunkWith(chunks, "cites the chunks")).isEqualTo("Quarry Guide > First query");
    assertThat(chunks).noneMatch(c -> c.text().contains("cites the chunks") && c.text().contains("Appendix"));
    assertThat(chunks)
        .noneMatch(c -> c.metadata().getString(MarkdownSplitter.HEADER_PATH).orElse("").contains("Not a header"));
  }

  @Test
  void neverCutsACodeBlockThatFitsAndCutsOneThatDoesNot() {
    List<int[]> blocks = new ArrayList<>();
    for (String opening : List.of("```xml", "```bash", "~~~yaml", "```java")) {
      int start = MD.indexOf(opening);
      String fence = opening.substring(0, 3);
      int end = MD.indexOf("\n" + fence + "\n", start + 3) + 4;
      blocks.add(new int[] {start, end});
    }
    int largest = blocks.stream().mapToInt(b -> b[1] - b[0]).max().orElseThrow();
    for (int size = 40; size <= largest + 200; size += 7) {
      for (int overlap : new int[] {0, size / 4, size - 1}) {
        List<Chunk> chunks =
            splitAndCheck(
                MarkdownSplitter.builder().chunkSize(size).chunkOverlap(overlap).build(),
                doc(MD),
                size,
                overlap,
                String::length,
                "size " + size);
        for (int[] block : blocks) {
          if (block[1] - block[0] <= size) {
            assertKeptWhole(chunks, block[0], block[1], "size " + size);
          } else {
            assertThat(chunks).noneMatch(c -> c.startOffset() <= block[0] && c.endOffset() >= block[1]);
            assertThat(chunks.stream().filter(c -> c.startOffset() < block[1] && c.endOffset() > block[0]))
                .hasSizeGreaterThan(1);
          }
        }
      }
    }
  }

  @Test
  void overlapNeverReachesBackIntoAnEarlierSection() {
    String english = RealTexts.ENGLISH;
    String text = "# One\n\n" + english + "\n# Two\n\n" + english + "\n## Three\n\n" + english;
    int two = text.indexOf("# Two");
    int three = text.indexOf("## Three");
    List<Chunk> chunks =
        splitAndCheck(
            MarkdownSplitter.builder().chunkSize(300).chunkOverlap(120).build(),
            doc(text),
            300,
            120,
            String::length,
            "sections");
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      int newText = SpanMeasure.skipWhitespace(text, previous.endOffset(), text.length());
      int sectionStart = newText >= three ? three : newText >= two ? two : 0;
      assertThat(next.startOffset()).as("chunk %d", i).isGreaterThanOrEqualTo(sectionStart);
      if (next.startOffset() < previous.endOffset()) {
        overlapping++;
      }
    }
    assertThat(overlapping).isGreaterThan(chunks.size() / 2);
    assertThat(chunks).anySatisfy(c -> assertThat(c.text()).startsWith("# Two"));
    assertThat(chunks).anySatisfy(c -> assertThat(c.text()).startsWith("## Three"));
  }

  @Test
  void keepsAHeaderWithTheTextAfterIt() {
    String paragraph = "Words of a paragraph that is long enough to matter here. ".repeat(2).strip();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      text.append("## Part ").append(i).append("\n\n");
      text.append(paragraph).append("\n\n").append(paragraph).append("\n\n").append(paragraph).append("\n\n");
    }
    List<Chunk> chunks =
        splitAndCheck(
            MarkdownSplitter.builder().chunkSize(300).chunkOverlap(0).build(),
            doc(text.toString()),
            300,
            0,
            String::length,
            "headers");
    assertThat(chunks).noneMatch(c -> c.text().matches("(?s).*## Part \\d"));
  }

  @Test
  void packsSmallSectionsTogetherUnderTheFirstPath() {
    String text = "# Guide\n\nIntro.\n\n## Setup\n\nInstall it.\n\n## Use\n\nRun it.\n";
    List<Chunk> chunks = MarkdownSplitter.builder().build().split(doc(text));
    assertThat(chunks).singleElement().satisfies(chunk -> {
      assertThat(chunk.text()).isEqualTo(text.strip());
      assertThat(chunk.metadata().getString(MarkdownSplitter.HEADER_PATH)).contains("Guide");
    });
    List<Chunk> small = MarkdownSplitter.builder().chunkSize(25).chunkOverlap(0).build().split(doc(text));
    assertThat(small)
        .extracting(Chunk::text)
        .containsExactly("# Guide\n\nIntro.", "## Setup\n\nInstall it.", "## Use\n\nRun it.");
    assertThat(small)
        .extracting(c -> c.metadata().getString(MarkdownSplitter.HEADER_PATH).orElseThrow())
        .containsExactly("Guide", "Guide > Setup", "Guide > Use");
  }

  @Test
  void hasDocumentedDefaults() {
    assertThat(MarkdownSplitter.DEFAULT_CHUNK_SIZE).isEqualTo(1000);
    assertThat(MarkdownSplitter.DEFAULT_CHUNK_OVERLAP).isEqualTo(200);
    assertThat(MarkdownSplitter.HEADER_PATH).isEqualTo("header_path");
    splitAndCheck(MarkdownSplitter.builder().build(), doc(MD), 1000, 200, String::length, "defaults");
  }

  @Test
  void measuresWithTheLengthFunction() {
    WordTokenizer tokenizer = new WordTokenizer();
    for (int size : new int[] {5, 20, 60, 200}) {
      MarkdownSplitter splitter =
          MarkdownSplitter.builder()
              .chunkSize(size)
              .chunkOverlap(size / 4)
              .lengthFunction(tokenizer::countTokens)
              .build();
      splitAndCheck(splitter, doc(MD), size, size / 4, tokenizer::countTokens, "tokens " + size);
    }
  }

  @Test
  void rejectsBadSettingsSayingWhatIsAllowed() {
    assertThatThrownBy(() -> MarkdownSplitter.builder().chunkSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be > 0, was 0");
    assertThatThrownBy(() -> MarkdownSplitter.builder().chunkSize(50).chunkOverlap(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkOverlap must be >= 0 and < chunkSize (50), was -1");
    assertThatThrownBy(() -> MarkdownSplitter.builder().lengthFunction(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MarkdownSplitter.builder().build().split(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document must not be null");
  }

  /** Some chunk holds the whole block, and no chunk starts or ends inside it. */
  private static void assertKeptWhole(List<Chunk> chunks, int start, int end, String context) {
    assertThat(chunks)
        .as("%s: a chunk holds block [%d, %d)", context, start, end)
        .anyMatch(c -> c.startOffset() <= start && c.endOffset() >= end);
    for (Chunk chunk : chunks) {
      assertThat(chunk.startOffset() > start && chunk.startOffset() < end)
          .as("%s: %s starts inside block [%d, %d)", context, chunk, start, end)
          .isFalse();
      assertThat(chunk.endOffset() > start && chunk.endOffset() < end)
          .as("%s: %s ends inside block [%d, %d)", context, chunk, start, end)
          .isFalse();
    }
  }

  private static String pathOfChunkWith(List<Chunk> chunks, String marker) {
    return chunks.stream()
        .filter(c -> c.text().contains(marker))
        .findFirst()
        .orElseThrow()
        .metadata()
        .getString(MarkdownSplitter.HEADER_PATH)
        .orElseThrow();
  }
}
