package dev.quarry.rag.pipeline;

import static dev.quarry.rag.pipeline.Passages.HITS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.TokenUsage;
import dev.quarry.rag.budget.Passage;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Rag} without a chat model: answers copied from the retrieved sentences. */
class ExtractiveAnswerTest {
  private static final Rag RAG = Rag.builder(new FixedTestRetriever(HITS)).build();

  @Test
  void markdownHeadingsTablesAndCodeAreNotCopiedAsSentences() {
    String markdown = """
        # On-disk format

        | file | what |
        |---|---|
        | `quarry.lock` | an OS file lock |

        Every write goes to a write-ahead log
        before the call returns. Snapshots are written with an atomic rename.

        - A torn log tail is cut with a warning.
        1. Reopening replays the log.

        ```
        mvn verify
        ```
        """;
    assertThat(ExtractiveAnswerer.proseBlocks(markdown)).containsExactly(
        "Every write goes to a write-ahead log before the call returns. Snapshots are written with an atomic rename.",
        "A torn log tail is cut with a warning.",
        "Reopening replays the log.");
  }

  @Test
  void copiesTheSentenceThatSharesTheQuestionsWordsAndCitesIt() {
    Answer answer = RAG.ask("How often does the light flash?");

    assertThat(answer.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
    assertThat(answer.text()).isEqualTo("The light flashes twice every fifteen seconds. [2]");
    assertThat(answer.citations()).containsExactly(new Citation(2, "light", List.of("light#3"), Optional.empty()));
    assertThat(answer.usage()).isEqualTo(TokenUsage.ZERO);
    assertThat(answer.prompts()).isEmpty();
    assertCopied(answer);
  }

  @Test
  void joinsSentencesOfOnePassageUnderOneMarkerInReadingOrder() {
    Answer answer = RAG.ask("When was the lighthouse built and who lived in the cottage?");

    assertThat(answer.text())
        .isEqualTo("The lighthouse was built in 1874. Its keeper lived in a small cottage. [1]");
    assertCopied(answer);
  }

  @Test
  void putsSentencesInPassageOrderWhateverTheirScores() {
    Answer answer = RAG.ask("visitors on the weekends, and the lighthouse");

    assertThat(answer.text())
        .isEqualTo("The lighthouse was built in 1874. [1] Visitors climb the tower on weekends. [2]");
    assertThat(answer.citations()).extracting(Citation::number).containsExactly(1, 2);
  }

  @Test
  void copiesAtMostTheConfiguredNumberOfSentences() {
    Rag rag = Rag.builder(new FixedTestRetriever(HITS)).extractiveSentences(1).build();

    Answer answer = rag.ask("When was the lighthouse built and who lived in the cottage?");

    assertThat(answer.text()).isEqualTo("The lighthouse was built in 1874. [1]");
  }

  @Test
  void fallsBackToTheFirstSentenceOfTheBestPassageWhenNoWordMatches() {
    Answer answer = RAG.ask("How bright is it?");

    assertThat(answer.text()).isEqualTo("The lighthouse was built in 1874. [1]");
    assertCopied(answer);
  }

  @Test
  void scoresSentencesByEmbeddingsWhenGivenAModel() {
    HashingEmbeddingModel topics = new HashingEmbeddingModel(1024)
        .withSynonyms("bright", "beam", "flashes").withSynonyms("home", "keeper", "cottage");
    Rag rag = Rag.builder(new FixedTestRetriever(HITS)).embeddingModel(topics).build();

    Answer answer = rag.ask("How bright is it?");

    assertThat(answer.text())
        .isEqualTo(
            "On clear nights the beam reached twenty-three miles. [1] The light flashes twice every fifteen seconds."
                + " [2]");
    assertCopied(answer);
  }

  @Test
  void givesAnEmptyAnswerWhenNothingIsRetrieved() {
    Answer answer = Rag.builder(new FixedTestRetriever(List.of())).build().ask("Anything?");

    assertThat(answer.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
    assertThat(answer.text()).isEmpty();
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.context().isEmpty()).isTrue();
  }

  /** Every sentence of the answer, with its markers removed, is copied from the passage its marker names. */
  private static void assertCopied(Answer answer) {
    String[] runs = answer.text().split(" \\[\\d+\\]");
    List<Passage> passages = answer.context().passages();
    assertThat(runs).hasSameSizeAs(answer.citations());
    for (int i = 0; i < runs.length; i++) {
      String passage = passages.get(answer.citations().get(i).number() - 1).text();
      for (String sentence : runs[i].strip().split("(?<=\\.) ")) {
        assertThat(passage).contains(sentence);
      }
    }
  }
}
