package dev.quarry.guardrails;

import dev.quarry.api.classify.TextClassifier;
import java.util.List;
import java.util.Locale;

/**
 * A {@link TextGuard} that blocks text a {@link TextClassifier} puts in one label with at least a threshold's
 * probability, such as {@code INJECTION} for a prompt-injection model, and allows everything else. The reason names
 * the label, the probability and the threshold; the one finding spans the whole text, with the label as its
 * category.
 *
 * <p>With the heuristic detector, as a second opinion that a model gives (the ONNX classifier is {@code
 * dev.quarry.embeddings.OnnxTextClassifier}, from a path):
 *
 * <pre>{@code
 * TextGuard injection = TextGuard.chain(InjectionGuard.of(InjectionDetector.builder().build()),
 *     ClassifierGuard.builder(onnxClassifier, "INJECTION").threshold(0.9).build());
 * }</pre>
 *
 * <p>A failure of the classifier reaches the caller of {@link #check}: a guard that cannot decide does not allow.
 *
 * <p>Immutable; thread-safe, as the {@link TextClassifier} contract requires of the classifier.
 */
public final class ClassifierGuard implements TextGuard {
  /** The name of this guard in its {@link Finding}s. */
  public static final String NAME = "classifier";
  /** The probability from which text is blocked, when not set. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private final TextClassifier classifier;
  private final String label;
  private final int index;
  private final double threshold;

  private ClassifierGuard(Builder b) {
    this.classifier = b.classifier;
    this.label = b.label;
    this.index = b.index;
    this.threshold = b.threshold;
  }

  /**
   * A builder for a guard that blocks what {@code classifier} puts in {@code label}.
   *
   * @throws IllegalArgumentException if either is null, or the classifier has no such label
   */
  public static Builder builder(TextClassifier classifier, String label) {
    return new Builder(classifier, label);
  }

  /**
   * {@link GuardResult.Block} if the probability of the label reaches the threshold, else {@link GuardResult.Allow}.
   *
   * @throws IllegalArgumentException if {@code text} is null
   * @throws IllegalStateException if the classifier returns no row, a row without the label, or a probability
   *     that is not a number from 0 to 1
   */
  @Override
  public GuardResult check(String text) {
    Checks.requireNonNull(text, "text");
    float[] row = classifier.classify(text);
    if (row == null || row.length <= index) {
      throw new IllegalStateException("the classifier returned " + (row == null ? "no row" : row.length
          + " probabilities") + " for labels " + classifier.labels());
    }
    double probability = row[index];
    if (!(probability >= 0 && probability <= 1)) { // NaN included: a guard that cannot decide does not allow
      throw new IllegalStateException("the classifier gave label " + label + " the probability " + probability);
    }
    if (probability < threshold) {
      return new GuardResult.Allow();
    }
    return new GuardResult.Block(String.format(Locale.ROOT, "classified as %s (probability %.3f, threshold %.3f)",
        label, probability, threshold), List.of(new Finding(NAME, label, 0, text.length())));
  }

  @Override
  public String toString() {
    return "ClassifierGuard[" + label + " >= " + threshold + ", " + classifier + "]";
  }

  /** Configures a {@link ClassifierGuard}; not thread-safe. */
  public static final class Builder {
    private final TextClassifier classifier;
    private final String label;
    private final int index;
    private double threshold = DEFAULT_THRESHOLD;

    private Builder(TextClassifier classifier, String label) {
      this.classifier = Checks.requireNonNull(classifier, "classifier");
      this.label = Checks.requireNonBlank(label, "label");
      this.index = classifier.labelIndex(label);
    }

    /**
     * The probability of the label from which text is blocked, above 0 and at most 1; {@value
     * ClassifierGuard#DEFAULT_THRESHOLD} by default. Raise it where false alarms cost more than misses.
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be above 0 and at most 1, was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** Builds the guard. */
    public ClassifierGuard build() {
      return new ClassifierGuard(this);
    }
  }
}
