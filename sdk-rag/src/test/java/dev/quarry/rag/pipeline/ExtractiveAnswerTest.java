package dev.quarry.rag.pipeline;

import static dev.quarry.rag.pipeline.Passages.HITS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
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
    // Passage 2 is the only one cited, so it is shown as [1].
    assertThat(answer.text()).isEqualTo("The light flashes twice every fifteen seconds. [1]");
    assertThat(answer.citations()).containsExactly(new Citation(1, 2, "light", List.of("light#3"), Optional.empty()));
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
    Rag rag = Rag.builder(new FixedTestRetriever(HITS)).answerMode(AnswerMode.extractive().withMaxSentences(1))
        .build();

    Answer answer = rag.ask("When was the lighthouse built and who lived in the cottage?");

    assertThat(answer.text()).isEqualTo("The lighthouse was built in 1874. [1]");
  }

  @Test
  void saysNothingRelevantWasFoundAndCitesNothingWhenNoSentenceReachesTheThreshold() {
    Answer answer = RAG.ask("How bright is it?");

    assertThat(answer.kind()).isEqualTo(AnswerKind.NOT_FOUND);
    assertThat(answer.text()).isEqualTo(Rag.NOTHING_FOUND);
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.retrieved()).isEqualTo(HITS);
  }

  @Test
  void theThresholdIsTheShareOfTheQuestionsWordsASentenceHolds() {
    String question = "When did the keeper paint the cottage roof?"; // keeper, paint, cottage, roof: 2 of 4 held
    Rag strict = Rag.builder(new FixedTestRetriever(HITS)).answerMode(AnswerMode.extractive().withMinScore(0.6))
        .build();
    Rag lenient = Rag.builder(new FixedTestRetriever(HITS)).answerMode(AnswerMode.extractive().withMinScore(0.5))
        .build();

    assertThat(strict.ask(question).kind()).isEqualTo(AnswerKind.NOT_FOUND);
    assertThat(lenient.ask(question).text()).isEqualTo("Its keeper lived in a small cottage. [1]");
  }

  @Test
  void questionsHeadingsTableRowsJsonAndFragmentsAreNeverQuoted() {
    String text = """
        Brewing guide

        How do I make espresso coffee at home?

        grinding the beans just before brewing keeps the aroma of the coffee.

        {"name": "espresso", "grams": 18, "seconds": 25}

        | espresso | 18 g | 25 s |

        An espresso uses eighteen grams of finely ground coffee. The shot runs for about
        """;
    SearchHit hit = new SearchHit(new Chunk("guide#0", "guide", text, Metadata.empty(), 120, 120 + text.length()),
        0.8);
    Rag rag = Rag.builder(new FixedTestRetriever(List.of(hit))).answerMode(AnswerMode.extractive().withMinScore(0))
        .build();

    Answer answer = rag.ask("How do I make espresso coffee with ground beans, grams and seconds?");

    assertThat(answer.text()).isEqualTo("An espresso uses eighteen grams of finely ground coffee. [1]");
  }

  @Test
  void bracketedNumbersInTheCopiedTextAreLeftAsTheyAreAndNeverTakenForCitations() {
    String footnoted = "The tower was designed by Robert Stevenson [2]. It stands on a reef.";
    SearchHit first = new SearchHit(new Chunk("a#0", "a", footnoted, Metadata.empty(), 0, footnoted.length()), 0.9);
    Rag rag = Rag.builder(new FixedTestRetriever(List.of(first, Passages.LIGHT_HIT))).build();

    Answer answer = rag.ask("Who designed the tower?");

    // The document's own "[2]" stays as written; the answer's markers [1] and [2] name the passages it quotes.
    assertThat(answer.text())
        .isEqualTo("The tower was designed by Robert Stevenson [2]. [1] Visitors climb the tower on weekends. [2]");
    assertThat(answer.citations()).containsExactly(new Citation(1, 1, "a", List.of("a#0"), Optional.empty()),
        new Citation(2, 2, "light", List.of("light#3"), Optional.empty()));
    assertThat(answer.unknownCitations()).isEmpty();
  }

  @Test
  void quotableSentencesAreWholeStatements() {
    assertThat(QuotableSentences.isQuotable("The beam reached twenty-three miles.")).isTrue();
    assertThat(QuotableSentences.isQuotable("\"Keep the lamp lit,\" the keeper wrote.")).isTrue();
    assertThat(QuotableSentences.isQuotable("灯塔建于一八七四年，守塔人住在小屋里。")).isTrue();
    assertThat(QuotableSentences.isQuotable("How often does the light flash?")).isFalse();
    assertThat(QuotableSentences.isQuotable("Installation and setup")).isFalse();
    assertThat(QuotableSentences.isQuotable("and then the keeper left the island.")).isFalse();
    assertThat(QuotableSentences.isQuotable("The keeper lived in a")).isFalse();
    assertThat(QuotableSentences.isQuotable("Yes.")).isFalse();
    assertThat(QuotableSentences.isQuotable("{\"a\": 1, \"b\": [2, 3]}.")).isFalse();
    assertThat(QuotableSentences.isQuotable("1874: 23 mi, 15 s, 2x.")).isFalse();
    assertThat(QuotableSentences.isQuotable("A " + "very ".repeat(120) + "long run-on.")).isFalse();
  }

  @Test
  void scoresSentencesByEmbeddingsWhenGivenAModel() {
    HashingEmbeddingModel topics = new HashingEmbeddingModel(1024)
        .withSynonyms("bright", "beam", "flashes").withSynonyms("home", "keeper", "cottage");
    // Bag-of-words cosines are small (one shared word among several), so no threshold here.
    Rag rag = Rag.builder(new FixedTestRetriever(HITS))
        .answerMode(AnswerMode.extractive(topics).withMinScore(0)).build();

    Answer answer = rag.ask("How bright is it?");

    assertThat(answer.text())
        .isEqualTo(
            "On clear nights the beam reached twenty-three miles. [1] The light flashes twice every fifteen seconds."
                + " [2]");
    assertCopied(answer);
  }

  @Test
  void saysNothingWasFoundWhenNothingIsRetrieved() {
    Answer answer = Rag.builder(new FixedTestRetriever(List.of())).build().ask("Anything?");

    assertThat(answer.kind()).isEqualTo(AnswerKind.NOT_FOUND);
    assertThat(answer.text()).isEqualTo(Rag.NOTHING_FOUND);
    assertThat(answer.citations()).isEmpty();
    assertThat(answer.context().isEmpty()).isTrue();
  }

  /** Every sentence of the answer, with its markers removed, is copied from the passage its marker names. */
  private static void assertCopied(Answer answer) {
    String[] runs = answer.text().split(" \\[\\d+\\]");
    List<Passage> passages = answer.context().passages();
    assertThat(runs).hasSameSizeAs(answer.citations());
    for (int i = 0; i < runs.length; i++) {
      assertThat(answer.citations().get(i).number()).isEqualTo(i + 1);
      String passage = passages.get(answer.citations().get(i).passage() - 1).text();
      for (String sentence : runs[i].strip().split("(?<=\\.) ")) {
        assertThat(passage).contains(sentence);
      }
    }
  }
}
