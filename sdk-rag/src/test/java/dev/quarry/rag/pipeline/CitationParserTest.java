package dev.quarry.rag.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CitationParserTest {
  @Test
  void readsSingleAndListedNumbersInOrderOfFirstAppearance() {
    assertThat(CitationParser.numbers("A [3]. B [1, 3]. C [ 2 ; 4 ][1].")).containsExactly(3, 1, 2, 4);
  }

  @Test
  void ignoresBracketsThatAreNotCitations() {
    assertThat(CitationParser.numbers("see [1-3], [a], [], [n], [1.5] and x[ ]")).isEmpty();
  }
}
