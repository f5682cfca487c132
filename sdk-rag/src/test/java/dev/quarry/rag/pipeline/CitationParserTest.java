package dev.quarry.rag.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.budget.Passage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CitationParserTest {
  @Test
  void readsSingleAndListedNumbersInOrderOfFirstAppearance() {
    assertThat(CitationParser.numbers("A [3]. B [1, 3]. C [ 2 ; 4 ][1].")).containsExactly(3, 1, 2, 4);
  }

  @Test
  void renumbersTheMarkersInTheOrderShownAndLeavesUnknownNumbersAndOtherBracketsAlone() {
    List<Passage> numbered = List.of(passage(1, Passages.LIGHTHOUSE_HIT), passage(2, Passages.LIGHT_HIT));

    CitationParser.Resolved resolved =
        CitationParser.resolve("B [2]. A [1; 2], see [1-3] and [9]. Again [2].", numbered);

    assertThat(resolved.text()).isEqualTo("B [1]. A [2, 1], see [1-3] and [9]. Again [1].");
    assertThat(resolved.citations()).extracting(Citation::number, Citation::passage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2), org.assertj.core.groups.Tuple.tuple(2, 1));
    assertThat(resolved.unknown()).containsExactly(9);
  }

  private static Passage passage(int number, SearchHit hit) {
    return new Passage(number, number, hit.chunk().documentId(), hit.chunk().text(), hit.score(),
        List.of(hit.chunk()), false, Optional.empty());
  }

  @Test
  void ignoresBracketsThatAreNotCitations() {
    assertThat(CitationParser.numbers("see [1-3], [a], [], [n], [1.5] and x[ ]")).isEmpty();
  }
}
