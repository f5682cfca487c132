package dev.quarry.rag.budget;

import static dev.quarry.rag.budget.Hits.hit;
import static dev.quarry.rag.budget.Hits.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.WordTokenizer;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How {@link ContextBudget} merges chunks of one document into one passage. */
class PassageMergingTest {
  private static final String DOC = "One two three. Four five six. Seven eight nine.";
  private static final TokenCounter WORDS = new WordTokenizer(WordTokenizer.WHOLE_WORDS);
  private static final ContextBudget BUDGET = ContextBudget.builder(WORDS, 200).build();

  @Test
  void mergesOverlappingAndContainedChunksKeepingTheBestScore() {
    SearchHit first = span("d#0", "d", DOC, 0, 29, -1, 0.5);
    SearchHit second = span("d#1", "d", DOC, 15, 47, -1, 0.8);
    SearchHit inside = span("d#2", "d", DOC, 4, 13, -1, 0.1);
    SearchHit other = hit("e#0", "e", "Other text.", 0, 0.6);

    PackedContext packed = BUDGET.pack("q", List.of(first, second, other, inside));

    Passage merged = packed.passages().get(0);
    assertThat(merged.text()).isEqualTo(DOC);
    assertThat(merged.score()).isEqualTo(0.8);
    assertThat(merged.chunks()).containsExactly(first.chunk(), inside.chunk(), second.chunk());
    assertThat(merged.chunkIds()).containsExactly("d#0", "d#2", "d#1");
    assertThat(packed.passages().get(1).documentId()).isEqualTo("e");
    assertThat(packed.report().hits())
        .extracting(HitReport::status)
        .containsExactly(HitStatus.MERGED, HitStatus.MERGED, HitStatus.KEPT, HitStatus.MERGED);
    assertThat(packed.report().hits().get(0).passage()).isEqualTo(OptionalInt.of(1));
    assertThat(packed.report().hits().get(0).reason()).contains("merged with 2 other chunk(s)");
  }

  @Test
  void joinsChunksWithConsecutiveIndexesAcrossTheWhitespaceBetweenThem() {
    String paragraphs = "First part.\n\nSecond part.";
    List<SearchHit> hits =
        List.of(
            span("d#1", "d", DOC, 15, 29, 1, 0.5),
            span("d#0", "d", DOC, 0, 14, 0, 0.9),
            span("d#2", "d", DOC, 30, 47, 2, 0.4),
            span("p#0", "p", paragraphs, 0, 11, 0, 0.3),
            span("p#1", "p", paragraphs, 13, 25, 1, 0.2));

    PackedContext packed = BUDGET.pack("q", hits);

    assertThat(packed.passages()).extracting(Passage::text).containsExactly(DOC, "First part.\nSecond part.");
  }

  @Test
  void keepsChunksApartWhenIndexesAreNotConsecutive() {
    List<SearchHit> hits = List.of(span("d#0", "d", DOC, 0, 14, 0, 0.9), span("d#2", "d", DOC, 30, 47, 2, 0.4));

    assertThat(BUDGET.pack("q", hits).passages())
        .extracting(Passage::text)
        .containsExactly("One two three.", "Seven eight nine.");
  }

  @Test
  void keepsChunksApartWhenTheirTextsDisagreeOrTheirOffsetsDoNotMatchTheText() {
    SearchHit first = hit("d#0", "d", "One two three.", 0, 0.9);
    SearchHit disagreeing = hit("d#1", "d", "two threx. Four", 4, 0.8);
    SearchHit misplaced = new SearchHit(new Chunk("d#2", "d", "Four five six.", Metadata.empty(), 0, 40), 0.7);

    assertThat(BUDGET.pack("q", List.of(first, disagreeing, misplaced)).passages())
        .extracting(Passage::text)
        .containsExactly("One two three.", "two threx. Four", "Four five six.");
  }

  @Test
  void keepsEveryChunkApartWhenMergingIsOff() {
    ContextBudget budget =
        ContextBudget.builder(WORDS, 200).mergeChunks(false).build();
    List<SearchHit> hits = List.of(span("d#0", "d", DOC, 0, 29, -1, 0.5), span("d#1", "d", DOC, 15, 47, -1, 0.8));

    PackedContext packed = budget.pack("q", hits);

    assertThat(packed.passages())
        .extracting(Passage::text)
        .containsExactly("Four five six. Seven eight nine.", "One two three. Four five six.");
    assertThat(packed.report().hits()).extracting(HitReport::status).containsOnly(HitStatus.KEPT);
  }
}
