package dev.quarry.embeddings;

import static dev.quarry.embeddings.CrossEncoderFixtures.CAPITAL;
import static dev.quarry.embeddings.CrossEncoderFixtures.FRANCE;
import static dev.quarry.embeddings.CrossEncoderFixtures.LONDON;
import static dev.quarry.embeddings.CrossEncoderFixtures.ONE_LOGIT;
import static dev.quarry.embeddings.CrossEncoderFixtures.PARIS;
import static dev.quarry.embeddings.CrossEncoderFixtures.THREE_LOGITS;
import static dev.quarry.embeddings.CrossEncoderFixtures.TWO_LOGITS;
import static dev.quarry.embeddings.CrossEncoderFixtures.WRONG_INPUTS;
import static dev.quarry.embeddings.CrossEncoderFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.NonRetriableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@link OnnxCrossEncoder} against the SYNTHETIC keyword-scorer fixtures (not models; see {@link
 * CrossEncoderFixtures}), whose scores are exact functions of the tokens fed to them: a keyword in the query counts
 * its weight once, in the passage twice (token type 1), and a padding token the mask fails to hide adds 1000.
 */
class OnnxCrossEncoderTest {
  private static final String QUERY = "What is the capital of France?";
  /** CAPITAL + FRANCE, both in the query (type 0). */
  private static final float QUERY_SCORE = CAPITAL + FRANCE;

  private static final List<String> PASSAGES =
      List.of(
          "Berlin is the capital of Germany.",
          "Paris is the capital of France.",
          "London.",
          "Nothing relevant here.",
          "Paris, Paris!",
          "A long passage about nothing in particular, with many words and not one keyword at all.",
          "london london london london london",
          "paris");
  private static final float[] EXPECTED = {
    QUERY_SCORE + 2 * CAPITAL,
    QUERY_SCORE + 2 * (PARIS + CAPITAL + FRANCE),
    QUERY_SCORE + 2 * LONDON,
    QUERY_SCORE,
    QUERY_SCORE + 2 * 2 * PARIS,
    QUERY_SCORE,
    QUERY_SCORE + 2 * 5 * LONDON,
    QUERY_SCORE + 2 * PARIS
  };

  @TempDir static Path dir;
  private static Path tokenizer;

  @BeforeAll
  static void copyTokenizer() throws Exception {
    tokenizer = CrossEncoderFixtures.miniLmTokenizer(dir);
  }

  @Test
  void scoresEachPassageFromItsOwnTokensInTheCallersOrder() {
    try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).build()) {
      assertThat(reranker.score(QUERY, PASSAGES)).containsExactly(EXPECTED);
      assertThat(reranker.score(QUERY, PASSAGES.reversed())).containsExactly(reversed(EXPECTED));
      assertThat(reranker.score("Is London the capital?", List.of("Paris."))).containsExactly(
          LONDON + CAPITAL + 2 * PARIS);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 16})
  void batchingAndPaddingDoNotChangeAnyScore(int batchSize) {
    try (OnnxCrossEncoder reranker =
        OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).batchSize(batchSize).build()) {
      assertThat(reranker.score(QUERY, PASSAGES)).containsExactly(EXPECTED);
    }
  }

  @Test
  void anEmptyPassageIsScoredAndAnEmptyListGivesNoScores() {
    try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).build()) {
      assertThat(reranker.score(QUERY, List.of("", "paris"))).containsExactly(QUERY_SCORE, QUERY_SCORE + 2 * PARIS);
      assertThat(reranker.score(QUERY, List.of())).isEmpty();
    }
  }

  @Test
  void truncatesTheEndOfThePassageNeverTheQuery() {
    // [CLS] capital capital capital france [SEP] ... [SEP]: 7 tokens, so 8 leaves room for one passage token.
    String query = "capital capital capital france";
    float queryScore = 3 * CAPITAL + FRANCE;
    try (OnnxCrossEncoder reranker =
        OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).maxSequenceLength(8).build()) {
      assertThat(reranker.score(query, List.of("paris london", "london paris", "paris")))
          .containsExactly(queryScore + 2 * PARIS, queryScore + 2 * LONDON, queryScore + 2 * PARIS);
    }
  }

  @Test
  void theDefaultMaxSequenceLengthIsTheTokenizersOwn() {
    // The MiniLM tokenizer.json truncates at 128: [CLS] capital [SEP] leaves 124 passage tokens and the last [SEP].
    String passage = "paris ".repeat(200);
    try (OnnxCrossEncoder fromTokenizer = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).build();
        OnnxCrossEncoder explicit =
            OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).maxSequenceLength(512).build()) {
      assertThat(fromTokenizer.score("capital", List.of(passage))).containsExactly(CAPITAL + 124 * 2 * PARIS);
      assertThat(explicit.score("capital", List.of(passage))).containsExactly(CAPITAL + 200 * 2 * PARIS);
      assertThat(fromTokenizer).hasToString(
          "OnnxCrossEncoder[" + model(ONE_LOGIT) + ", maxSequenceLength=128, batchSize=16, logits]");
    }
  }

  @Test
  void refusesAQueryThatLeavesNoRoomForAPassage() {
    try (OnnxCrossEncoder reranker =
        OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).maxSequenceLength(8).build()) {
      // 5 query tokens and 3 special tokens fill all 8.
      assertThatThrownBy(() -> reranker.score("capital capital capital capital france", List.of("paris")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("takes 8 tokens")
          .hasMessageContaining("maxSequenceLength 8");
    }
  }

  @Test
  void aTwoLogitModelScoresTheLogOddsOfRelevantWithoutTokenTypes() {
    // This fixture returns [-score, score] and has no type factor: logit[1] - logit[0] = 2 * score.
    try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(TWO_LOGITS), tokenizer).build()) {
      assertThat(reranker.score(QUERY, List.of("Paris is the capital of France.", "London.", "Nothing here.")))
          .containsExactly(
              2 * (QUERY_SCORE + PARIS + CAPITAL + FRANCE), 2 * (QUERY_SCORE + LONDON), 2 * QUERY_SCORE);
    }
  }

  @Test
  void sigmoidMapsLogitsIntoProbabilities() {
    List<String> passages = List.of("nothing", "capital", "london");
    try (OnnxCrossEncoder one = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).sigmoid(true).build();
        OnnxCrossEncoder two = OnnxCrossEncoder.builder(model(TWO_LOGITS), tokenizer).sigmoid(true).build()) {
      float[] probabilities = one.score("hello", passages); // logits 0, 2, 8
      assertThat(probabilities[0]).isEqualTo(0.5f);
      assertThat(probabilities[1]).isCloseTo(0.880797f, within(1e-6f));
      assertThat(probabilities[2]).isCloseTo(0.999665f, within(1e-6f));
      float[] softmax = two.score("hello", passages); // log-odds 0, 2, 8: sigmoid = softmax of class 1
      assertThat(softmax).containsExactly(probabilities);
    }
  }

  @Test
  void concurrentCallersGetTheSameScores() throws Exception {
    try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).batchSize(3).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          results.add(pool.submit(() -> reranker.score(QUERY, PASSAGES)));
        }
        for (Future<float[]> result : results) {
          assertThat(result.get()).containsExactly(EXPECTED);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void rejectsBadArgumentsWithTheirReason() {
    try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).build()) {
      assertThatThrownBy(() -> reranker.score(null, PASSAGES)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("query");
      assertThatThrownBy(() -> reranker.score(" ", PASSAGES)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("blank");
      assertThatThrownBy(() -> reranker.score(QUERY, null)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("passages");
      assertThatThrownBy(() -> reranker.score(QUERY, Arrays.asList("paris", null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("index 1");
    }
  }

  @Test
  void aClosedRerankerRefusesCallsAndClosesOnce() {
    OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer).build();
    reranker.close();
    reranker.close();
    assertThatThrownBy(() -> reranker.score(QUERY, PASSAGES)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void builderRejectsMissingFilesAndOutOfRangeOptions() {
    Path missing = dir.resolve("missing.onnx");
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(missing, tokenizer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model file not found: " + missing);
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(model(ONE_LOGIT), dir.resolve("nope.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tokenizer.json file not found: " + dir.resolve("nope.json"));
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(null, tokenizer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model path must not be null");
    OnnxCrossEncoder.Builder builder = OnnxCrossEncoder.builder(model(ONE_LOGIT), tokenizer);
    assertThatThrownBy(() -> builder.batchSize(0)).hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> builder.maxSequenceLength(1)).hasMessage("maxSequenceLength must be >= 2, was 1");
    assertThatThrownBy(() -> builder.intraOpThreads(0)).hasMessage("intraOpThreads must be >= 1, was 0");
  }

  @Test
  void rejectsAModelWhoseInputsAreNotACrossEncoders() {
    Path file = model(WRONG_INPUTS);
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(file, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageStartingWith(file + " does not look like a cross-encoder")
        .hasMessageContaining("inputs are [pixel_values FLOAT [-1, 3]]")
        .hasMessageContaining("expected input_ids and attention_mask");
  }

  @Test
  void rejectsAModelWithThreeLogits() {
    Path file = model(THREE_LOGITS);
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(file, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageStartingWith(file + " does not look like a cross-encoder")
        .hasMessageContaining("output is logits FLOAT [-1, 3]");
  }

  @Test
  void rejectsASentenceEncoder() throws Exception {
    // all-MiniLM-L6-v2 has a cross-encoder's inputs but returns token embeddings.
    Path file = CrossEncoderFixtures.miniLmSentenceEncoder(dir);
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(file, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageStartingWith(file + " does not look like a cross-encoder")
        .hasMessageContaining("384]");
  }

  @Test
  void rejectsFilesThatAreNotOnnxOrNotATokenizer() throws Exception {
    Path notOnnx = Files.writeString(dir.resolve("not-a-model.onnx"), "this is not an ONNX file");
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(notOnnx, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("cannot load the model " + notOnnx);
    Path notTokenizer = Files.writeString(dir.resolve("not-a-tokenizer.json"), "{\"not\": \"a tokenizer\"}");
    assertThatThrownBy(() -> OnnxCrossEncoder.builder(model(ONE_LOGIT), notTokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessage("not a valid HuggingFace tokenizer.json: " + notTokenizer);
  }

  private static float[] reversed(float[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[values.length - 1 - i];
    }
    return result;
  }
}
