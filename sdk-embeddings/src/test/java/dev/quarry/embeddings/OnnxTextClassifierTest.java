package dev.quarry.embeddings;

import static dev.quarry.embeddings.CrossEncoderFixtures.CAPITAL;
import static dev.quarry.embeddings.CrossEncoderFixtures.PARIS;
import static dev.quarry.embeddings.CrossEncoderFixtures.THREE_LOGITS;
import static dev.quarry.embeddings.CrossEncoderFixtures.TWO_LOGITS;
import static dev.quarry.embeddings.CrossEncoderFixtures.WRONG_INPUTS;
import static dev.quarry.embeddings.CrossEncoderFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.NonRetriableException;
import dev.quarry.guardrails.ClassifierGuard;
import dev.quarry.guardrails.GuardResult;
import dev.quarry.guardrails.TextGuard;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OnnxTextClassifier} against the SYNTHETIC keyword-scorer graphs of {@link CrossEncoderFixtures} (test
 * fixtures, not models) and the real all-MiniLM-L6-v2 tokenizer. The two-logit graph returns {@code [-s, s]} with
 * {@code s} the summed weights of its keywords, so P(label 1) is {@code sigmoid(2s)}: 0.5 for a text without
 * keywords. A [PAD] the mask let through would add 1000 to {@code s}.
 */
class OnnxTextClassifierTest {
  private static final List<String> TEXTS = List.of("hello there", "the capital", "paris", "london is big");

  @TempDir static Path dir;
  private static Path tokenizer;

  @BeforeAll
  static void copyTokenizer() throws Exception {
    tokenizer = CrossEncoderFixtures.miniLmTokenizer(dir);
  }

  private static float flagged(float s) {
    return (float) (1 / (1 + Math.exp(-2.0 * s)));
  }

  private static OnnxTextClassifier twoLabels() {
    return OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer).labels("SAFE", "FLAGGED").build();
  }

  @Test
  void eachRowIsTheSoftmaxOfTheTextsOwnLogitsInTheCallersOrder() {
    try (OnnxTextClassifier classifier = twoLabels()) {
      List<float[]> rows = classifier.classify(TEXTS);

      assertThat(rows).hasSize(4);
      assertThat(rows.get(0)).containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
      assertThat(rows.get(1)[1]).isCloseTo(flagged(CAPITAL), within(1e-6f));
      assertThat(rows.get(2)[1]).isCloseTo(flagged(PARIS), within(1e-6f));
      assertThat(rows.get(3)[1]).isCloseTo(flagged(4), within(1e-6f)); // london
      assertThat(rows).allSatisfy(row -> assertThat(row[0] + row[1]).isCloseTo(1f, within(1e-6f)));
      assertThat(classifier.classify("the capital")).containsExactly(rows.get(1));
      assertThat(classifier.labels()).containsExactly("SAFE", "FLAGGED");
      assertThat(classifier.labelIndex("FLAGGED")).isEqualTo(1);
      assertThat(classifier.classify(List.of())).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 16})
  void batchingAndPaddingDoNotChangeAnyRow(int batchSize) {
    try (OnnxTextClassifier reference = twoLabels();
        OnnxTextClassifier batched = OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer)
            .labels("SAFE", "FLAGGED").batchSize(batchSize).build()) {
      List<float[]> expected = reference.classify(TEXTS);
      List<float[]> rows = batched.classify(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(rows.get(i)).containsExactly(expected.get(i), within(1e-6f));
      }
    }
  }

  @Test
  void aLongTextIsReadInWindowsSoAKeywordAtItsEndCounts() {
    String longText = "hello there ".repeat(40) + "paris";
    try (OnnxTextClassifier classifier = OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer)
        .labels("SAFE", "FLAGGED").maxSequenceLength(16).build()) {
      float[] row = classifier.classify(longText);

      assertThat(row[1]).isCloseTo(flagged(PARIS), within(1e-6f)); // the last window holds paris
      assertThat(row[0]).isCloseTo(0.5f, within(1e-6f)); // the highest SAFE of any window: one without keywords
    }
  }

  @Test
  void aTextNeedingMoreWindowsThanAllowedIsRefusedNotReadInPart() {
    try (OnnxTextClassifier classifier = OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer)
        .labels("SAFE", "FLAGGED").maxSequenceLength(16).maxWindows(3).build()) {
      assertThat(classifier.classify("hello there ".repeat(5))[1]).isCloseTo(0.5f, within(1e-6f));
      assertThatThrownBy(() -> classifier.classify(List.of("ok", "hello there ".repeat(40) + "paris")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("text at index 1 needs ")
          .hasMessageEndingWith(" windows of 16 tokens; at most 3 are read (maxWindows)");
    }
    assertThatThrownBy(() -> OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer).maxWindows(0))
        .hasMessage("maxWindows must be >= 1, was 0");
  }

  @Test
  void windowsKeepTheSpecialTokensAndOverlapByAQuarter() {
    // [CLS] 1..10 [SEP], 8 per window: 6 text tokens each, starting every 5 (a quarter of 6 is 1 token of overlap)
    long[] ids = {101, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 102};
    long[] special = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EncodedSequence[] windows = WindowEncoder.windows(ids, new long[ids.length], special, 8);

    assertThat(windows).extracting(window -> Arrays.toString(window.ids())).containsExactly(
        "[101, 1, 2, 3, 4, 5, 6, 102]", "[101, 6, 7, 8, 9, 10, 102]");
    assertThat(WindowEncoder.windows(ids, new long[ids.length], special, 12)).hasSize(1);
    assertThatThrownBy(() -> WindowEncoder.windows(ids, new long[ids.length], special, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves no room for text");
  }

  @Test
  void withoutNamedLabelsTheyAreNumberedAndAModelsLabelCountMustMatchTheNames() {
    try (OnnxTextClassifier classifier = OnnxTextClassifier.builder(model(THREE_LOGITS), tokenizer).build()) {
      assertThat(classifier.labels()).containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
      assertThat(classifier.classify("paris")).containsExactly(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, within(1e-6f));
      assertThatThrownBy(() -> classifier.labelIndex("INJECTION")).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no label 'INJECTION'; the labels are [LABEL_0, LABEL_1, LABEL_2]");
    }
    Path file = model(THREE_LOGITS);
    assertThatThrownBy(() -> OnnxTextClassifier.builder(file, tokenizer).labels("SAFE", "INJECTION").build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessage(file + " scores 3 labels, but 2 were named: [SAFE, INJECTION]");
  }

  @Test
  void rejectsModelsThatAreNotTextClassifiers() throws Exception {
    Path wrong = model(WRONG_INPUTS);
    assertThatThrownBy(() -> OnnxTextClassifier.builder(wrong, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageStartingWith(wrong + " does not look like a text classifier")
        .hasMessageContaining("inputs are [pixel_values FLOAT [-1, 3]]");
    Path encoder = CrossEncoderFixtures.miniLmSentenceEncoder(dir);
    assertThatThrownBy(() -> OnnxTextClassifier.builder(encoder, tokenizer).build())
        .isInstanceOf(NonRetriableException.class)
        .hasMessageStartingWith(encoder + " does not look like a text classifier")
        .hasMessageContaining("384]");
  }

  @Test
  void rejectsBadArgumentsAndOptionsWithTheirReason() {
    try (OnnxTextClassifier classifier = twoLabels()) {
      assertThatThrownBy(() -> classifier.classify((List<String>) null)).hasMessage("texts must not be null");
      assertThatThrownBy(() -> classifier.classify((String) null)).hasMessage("text must not be null");
      assertThatThrownBy(() -> classifier.classify(Arrays.asList("a", null))).hasMessage("text at index 1 is null");
    }
    OnnxTextClassifier.Builder builder = OnnxTextClassifier.builder(model(TWO_LOGITS), tokenizer);
    assertThatThrownBy(() -> builder.labels("ONLY")).hasMessageContaining("two labels or more");
    assertThatThrownBy(() -> builder.labels("A", " ")).hasMessageContaining("must not be null or blank");
    assertThatThrownBy(() -> builder.labels("A", "A")).hasMessageStartingWith("label 'A' is given twice");
    assertThatThrownBy(() -> builder.batchSize(0)).hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> builder.maxSequenceLength(2)).hasMessage("maxSequenceLength must be >= 3, was 2");
    assertThatThrownBy(() -> builder.intraOpThreads(0)).hasMessage("intraOpThreads must be >= 1, was 0");
    Path missing = dir.resolve("missing.onnx");
    assertThatThrownBy(() -> OnnxTextClassifier.builder(missing, tokenizer))
        .hasMessage("ONNX model file not found: " + missing);
  }

  @Test
  void asAGuardItBlocksWhatTheModelFlagsAndAllowsTheRest() {
    try (OnnxTextClassifier classifier = twoLabels()) {
      TextGuard guard = ClassifierGuard.builder(classifier, "FLAGGED").threshold(0.99).build();

      assertThat(guard.check("hello there")).isInstanceOf(GuardResult.Allow.class);
      assertThat(guard.check("the capital")).isInstanceOf(GuardResult.Allow.class); // sigmoid(2) = 0.88
      assertThat(guard.check("hello there ".repeat(200) + "paris")).isInstanceOfSatisfying(GuardResult.Block.class,
          block -> assertThat(block.reason()).isEqualTo("classified as FLAGGED (probability 1.000, threshold 0.990)"));
    }
  }

  @Test
  void aClosedClassifierRefusesCallsAndClosesOnce() {
    OnnxTextClassifier classifier = twoLabels();
    classifier.close();
    classifier.close();
    assertThatThrownBy(() -> classifier.classify("paris")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
