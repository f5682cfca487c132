package dev.quarry.rag.budget;

import static dev.quarry.rag.budget.Hits.hit;
import static dev.quarry.rag.budget.Hits.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Diversity (MMR), long-context order and truncation of {@link ContextBudget}. */
class PassageSelectionTest {
  private static final TokenCounter WORDS = new WordTokenizer(WordTokenizer.WHOLE_WORDS);
  private static final List<SearchHit> CATS_AND_ROCKETS =
      List.of(
          hit("a", "a", "cats purr softly at night", 0, 0.9),
          hit("a2", "a2", "cats purr softly at night too", 0, 0.85),
          hit("b", "b", "rockets launch from coastal pads", 0, 0.5));

  @Test
  void mmrPrefersANovelPassageOverANearCopyOfTheBest() {
    ContextBudget budget = ContextBudget.builder(WORDS, 200).mmr(0.3).redundancyThreshold(1.0).build();

    PackedContext packed = budget.pack("q", CATS_AND_ROCKETS);

    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "b", "a2");
  }

  @Test
  void withoutMmrThePassagesFollowTheScores() {
    PackedContext packed = ContextBudget.builder(WORDS, 200).build().pack("q", CATS_AND_ROCKETS);

    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "a2", "b");
  }

  @Test
  void mmrLeavesOutAPassageTooSimilarToAChosenOne() {
    ContextBudget budget = ContextBudget.builder(WORDS, 200).mmr(0.3).redundancyThreshold(0.8).build();

    PackedContext packed = budget.pack("q", CATS_AND_ROCKETS);

    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "b");
    HitReport redundant = packed.report().hits().get(1);
    assertThat(redundant.status()).isEqualTo(HitStatus.REDUNDANT);
    assertThat(redundant.passage()).isEqualTo(OptionalInt.of(1));
    assertThat(redundant.reason()).contains("0.833").contains("0.800");
  }

  @Test
  void mmrCanCompareByEmbeddingsWhenWordsDiffer() {
    List<SearchHit> hits =
        List.of(
            hit("a", "a", "cats purr softly", 0, 0.9),
            hit("f", "f", "feline hums quietly", 0, 0.8),
            hit("b", "b", "rockets launch from coastal pads", 0, 0.5));
    HashingEmbeddingModel sameMeaning = new HashingEmbeddingModel(256)
        .withSynonyms("cats", "feline").withSynonyms("purr", "hums").withSynonyms("softly", "quietly");
    ContextBudget lexical = ContextBudget.builder(WORDS, 200).mmr(0.5).build();
    ContextBudget semantic = ContextBudget.builder(WORDS, 200).mmr(0.5).similarityModel(sameMeaning).build();

    assertThat(lexical.pack("q", hits).passages()).hasSize(3);
    PackedContext packed = semantic.pack("q", hits);
    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "b");
    assertThat(packed.report().hits().get(1).status()).isEqualTo(HitStatus.REDUNDANT);
  }

  @Test
  void longContextOrderPutsTheBestPassagesAtBothEdges() {
    List<SearchHit> hits = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      hits.add(hit("h" + i, "d" + i, "passage " + i, 0, 1.0 - i / 10.0));
    }
    ContextBudget budget = ContextBudget.builder(WORDS, 200).longContextOrder(true).build();

    PackedContext packed = budget.pack("q", hits);

    assertThat(packed.passages()).extracting(Passage::rank).containsExactly(1, 3, 5, 4, 2);
    assertThat(packed.passages()).extracting(Passage::number).containsExactly(1, 2, 3, 4, 5);
    assertThat(packed.passages()).extracting(Passage::text)
        .containsExactly("passage 1", "passage 3", "passage 5", "passage 4", "passage 2");
    assertThat(packed.report().hits().get(1).passage()).isEqualTo(OptionalInt.of(5));
  }

  /**
   * Blocks cost 9 fence words (5 in the opening line, 4 in the closing one) plus the text's words; 1 for the
   * question, no answer reserve.
   */
  private static List<SearchHit> threePassages() {
    return List.of(
        hit("a", "a", "A b c.", 0, 0.9),
        hit("b", "b", "One two three. Four five six. Seven eight nine.", 0, 0.8),
        hit("c", "c", "Tiny.", 0, 0.1));
  }

  @Test
  void cutsTheFirstPassageThatDoesNotFitAfterItsLastWholeSentenceThatFits() {
    ContextBudget budget = ContextBudget.builder(WORDS, 28).answerTokens(0).minTruncatedTokens(3).build();

    PackedContext packed = budget.pack("q", threePassages());

    assertThat(FencedText.normalized(packed.text())).isEqualTo(FencedText.block(1, "document: a", "A b c.") + "\n\n"
        + FencedText.block(2, "document: b", "One two three. Four five six."));
    assertThat(packed.passages().get(1).truncated()).isTrue();
    assertThat(packed.report().usedTokens()).isEqualTo(28);
    assertThat(packed.report().hits())
        .extracting(HitReport::status)
        .containsExactly(HitStatus.KEPT, HitStatus.TRUNCATED, HitStatus.OVER_BUDGET);
    assertThat(packed.report().hits().get(2).reason()).contains("no room left");
  }

  @Test
  void dropsAPassageWhenTooLittleOfItWouldRemainAndTriesTheNext() {
    ContextBudget budget = ContextBudget.builder(WORDS, 28).answerTokens(0).minTruncatedTokens(7).build();

    PackedContext packed = budget.pack("q", threePassages());

    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "c");
    HitReport dropped = packed.report().hits().get(1);
    assertThat(dropped.status()).isEqualTo(HitStatus.OVER_BUDGET);
    assertThat(dropped.passage()).isEmpty();
    assertThat(dropped.reason()).isEqualTo("needs 18 tokens, 15 left");
  }

  @Test
  void dropsInsteadOfCuttingWhenTruncationIsOff() {
    ContextBudget budget = ContextBudget.builder(WORDS, 28).answerTokens(0).truncateLast(false).build();

    PackedContext packed = budget.pack("q", threePassages());

    assertThat(packed.passages()).extracting(Passage::documentId).containsExactly("a", "c");
    assertThat(packed.passages()).noneMatch(Passage::truncated);
  }

  @Test
  void reportsChunksCutOffAMergedPassageAsOverBudget() {
    String doc = "One two three. Four five six. Seven eight nine.";
    SearchHit first = span("d#0", "d", doc, 0, 14, 0, 0.9);
    SearchHit second = span("d#1", "d", doc, 15, 47, 1, 0.8);

    List<SearchHit> hits = List.of(first, second);

    PackedContext firstSentence =
        ContextBudget.builder(WORDS, 13).answerTokens(0).minTruncatedTokens(1).build().pack("q", hits);
    PackedContext twoSentences =
        ContextBudget.builder(WORDS, 16).answerTokens(0).minTruncatedTokens(1).build().pack("q", hits);

    assertThat(firstSentence.passages()).singleElement().satisfies(p -> {
      assertThat(p.text()).isEqualTo("One two three.");
      assertThat(p.chunks()).containsExactly(first.chunk());
    });
    assertThat(firstSentence.report().hits())
        .extracting(HitReport::status)
        .containsExactly(HitStatus.MERGED, HitStatus.OVER_BUDGET);
    assertThat(firstSentence.report().hits().get(1).reason()).contains("cut off when passage [1] was truncated");
    assertThat(twoSentences.passages().getFirst().text()).isEqualTo("One two three. Four five six.");
    assertThat(twoSentences.report().hits())
        .extracting(HitReport::status)
        .containsExactly(HitStatus.MERGED, HitStatus.TRUNCATED);
  }
}
