package dev.quarry.api.classify;

import java.util.List;

/**
 * Puts texts into classes: for each text, the probability of each of a fixed list of labels. A prompt-injection
 * model ({@code SAFE}, {@code INJECTION}), a toxicity or a topic model is one.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TextClassifier {

  /** The labels, in the order of each row {@link #classify} returns; at least two, none blank, no two equal. */
  List<String> labels();

  /**
   * One row per text, in the order given: the probability of each label, in the order of {@link #labels()}, each
   * from 0 to 1. An implementation that reads a long text in parts documents how it combines them.
   *
   * @throws IllegalArgumentException if {@code texts} is null or holds a null
   */
  List<float[]> classify(List<String> texts);

  /**
   * The row of one text, as {@link #classify(List)} gives it.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  default float[] classify(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return classify(List.of(text)).get(0);
  }

  /**
   * The position of {@code label} in {@link #labels()}.
   *
   * @throws IllegalArgumentException if this classifier has no such label, naming the labels it has
   */
  default int labelIndex(String label) {
    int index = labels().indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("no label '" + label + "'; the labels are " + labels());
    }
    return index;
  }
}
