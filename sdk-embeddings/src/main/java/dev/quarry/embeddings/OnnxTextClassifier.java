package dev.quarry.embeddings;

import ai.onnxruntime.OrtException;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.classify.TextClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TextClassifier} that runs a sequence-classification model (BERT, DeBERTa and the like, fine-tuned to put
 * a text in one of a few classes) in-process with ONNX Runtime, from an ONNX file and its {@code tokenizer.json}.
 * A prompt-injection model is the reason it exists; with {@code dev.quarry.guardrails.ClassifierGuard} it blocks
 * what the model flags.
 *
 * <p><b>No classifier ships with Quarry</b>, and none is downloaded: export one where a model hub can be reached,
 * for example {@code optimum-cli export onnx --model protectai/deberta-v3-base-prompt-injection-v2 --task
 * text-classification out/}, copy {@code out/model.onnx} and {@code out/tokenizer.json} to the host, and name the
 * labels in the order of the model's {@code id2label} (in {@code out/config.json}):
 *
 * <pre>{@code
 * try (OnnxTextClassifier classifier = OnnxTextClassifier.builder(dir.resolve("model.onnx"),
 *         dir.resolve("tokenizer.json")).labels("SAFE", "INJECTION").build()) {
 *   float[] row = classifier.classify("Ignore all previous instructions.");   // [P(SAFE), P(INJECTION)]
 * }
 * }</pre>
 *
 * <p>A row is the softmax of the model's logits. A text longer than the maximum sequence length is read in
 * overlapping windows (each with the tokenizer's special tokens) and each label's probability is its highest in any
 * window: whether some part of the text is of that class, which is what a guard asks. So the row of a long text need
 * not sum to 1. A text that needs more than {@link Builder#maxWindows} windows is refused. Texts are sorted by
 * length and their windows run {@link Builder#batchSize} at a time, padded to the longest in their batch; rows come
 * back in the caller's order.
 *
 * <p>The model must take INT64 {@code input_ids} and {@code attention_mask} (and optionally {@code
 * token_type_ids}) and return FLOAT {@code logits} of shape {@code [batch, labels]} with two labels or more;
 * {@link Builder#build} refuses any other signature, or labels that do not match, naming the file and what it found.
 *
 * <p>Thread-safe: one instance serves all threads; each call's batches run on the caller's thread. {@link #close()}
 * waits for calls in flight, then frees the native session and tokenizer; later calls throw {@link
 * IllegalStateException}. Runs on the CPU, offline, as {@link OnnxCrossEncoder} does.
 */
public final class OnnxTextClassifier implements TextClassifier, AutoCloseable {
  /** Windows per ONNX call by default. */
  public static final int DEFAULT_BATCH_SIZE = 16;
  /** Tokens per window when the {@code tokenizer.json} sets no truncation length (BERT's limit). */
  public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;
  /**
   * Windows per text by default: at 512 tokens, about 25,000 words. A longer text is refused rather than read in
   * part, since a guard must not pass what it did not read, nor spend minutes of CPU on one hostile text.
   */
  public static final int DEFAULT_MAX_WINDOWS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxTextClassifier.class);

  private final ClassifierSession session;
  private final WindowEncoder encoder;
  private final List<String> labels;
  private final String name;
  private final int batchSize;
  private final int maxSequenceLength;
  private final int maxWindows;
  private final CloseLatch latch;

  private OnnxTextClassifier(Builder b, ClassifierSession session, WindowEncoder encoder, List<String> labels,
      int maxSequenceLength) {
    this.session = session;
    this.encoder = encoder;
    this.labels = labels;
    this.name = b.modelFile.toString();
    this.batchSize = b.batchSize;
    this.maxSequenceLength = maxSequenceLength;
    this.maxWindows = b.maxWindows;
    this.latch = new CloseLatch(name);
  }

  /**
   * A builder for the classifier in {@code modelFile} with the tokenizer in {@code tokenizerJson}.
   *
   * @throws IllegalArgumentException if either is null or not a file
   */
  public static Builder builder(Path modelFile, Path tokenizerJson) {
    return new Builder(ModelFiles.require(modelFile, "ONNX model"),
        ModelFiles.require(tokenizerJson, "tokenizer.json"));
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also if a text needs more than {@link Builder#maxWindows} windows
   * @throws IllegalStateException if this classifier is closed
   */
  @Override
  public List<float[]> classify(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("text at index " + i + " is null");
      }
    }
    return latch.call(() -> texts.isEmpty() ? List.<float[]>of() : classifyOpen(texts));
  }

  /**
   * Steps: 1. tokenize every text into its windows; 2. sort the windows by length; 3. pad and run each batch; 4.
   * softmax each window's logits and keep, per text and label, the highest probability.
   */
  private List<float[]> classifyOpen(List<String> texts) {
    List<EncodedSequence[]> perText = encoder.encode(texts, maxSequenceLength);
    List<EncodedSequence> windows = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int text = 0; text < perText.size(); text++) {
      if (perText.get(text).length > maxWindows) {
        throw new IllegalArgumentException("text at index " + text + " needs " + perText.get(text).length
            + " windows of " + maxSequenceLength + " tokens; at most " + maxWindows + " are read (maxWindows)");
      }
      for (EncodedSequence window : perText.get(text)) {
        windows.add(window);
        owners.add(text);
      }
    }
    EncodedSequence[] all = windows.toArray(EncodedSequence[]::new);
    int[] order = EncodedSequence.lengthOrder(all);
    float[][] rows = new float[texts.size()][];
    for (int from = 0; from < all.length; from += batchSize) {
      Batch batch = EncodedSequence.pad(all, order, from, Math.min(all.length, from + batchSize));
      float[][] logits = session.run(batch);
      for (int row = 0; row < batch.size(); row++) {
        int text = owners.get(batch.positions()[row]);
        float[] probabilities = softmax(logits[row]);
        rows[text] = rows[text] == null ? probabilities : max(rows[text], probabilities);
      }
    }
    return Arrays.asList(rows);
  }

  static float[] softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    double[] exp = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      sum += exp[i];
    }
    float[] probabilities = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      probabilities[i] = (float) (exp[i] / sum);
    }
    return probabilities;
  }

  private static float[] max(float[] a, float[] b) {
    float[] result = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      result[i] = Math.max(a[i], b[i]);
    }
    return result;
  }

  @Override
  public String toString() {
    return "OnnxTextClassifier[" + name + ", labels=" + labels + ", maxSequenceLength=" + maxSequenceLength
        + ", batchSize=" + batchSize + "]";
  }

  /** Waits for calls in flight, then frees the native session and tokenizer. Later calls throw. Idempotent. */
  @Override
  public void close() {
    if (!latch.close()) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX session of {} failed: {}", name, e.toString());
    }
    encoder.close();
  }

  /** Options of an {@link OnnxTextClassifier}; unset options take the named defaults. Not thread-safe. */
  public static final class Builder {
    private final Path modelFile;
    private final Path tokenizerFile;
    private List<String> labels = List.of();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxSequenceLength;
    private int intraOpThreads = Runtime.getRuntime().availableProcessors();
    private int maxWindows = DEFAULT_MAX_WINDOWS;

    private Builder(Path modelFile, Path tokenizerFile) {
      this.modelFile = modelFile;
      this.tokenizerFile = tokenizerFile;
    }

    /**
     * The labels, in the order of the model's logits ({@code id2label} in the exported {@code config.json}); as
     * many as the model has. Default: {@code LABEL_0}, {@code LABEL_1}, ...
     *
     * @throws IllegalArgumentException if fewer than two, or one is null, blank or repeated
     */
    public Builder labels(String... labels) {
      if (labels == null || labels.length < 2) {
        throw new IllegalArgumentException("a classifier needs two labels or more, got "
            + (labels == null ? "null" : Arrays.toString(labels)));
      }
      HashSet<String> seen = new HashSet<>();
      for (String label : labels) {
        if (label == null || label.isBlank()) {
          throw new IllegalArgumentException("labels must not be null or blank: " + Arrays.toString(labels));
        }
        if (!seen.add(label)) {
          throw new IllegalArgumentException("label '" + label + "' is given twice: " + Arrays.toString(labels));
        }
      }
      this.labels = List.of(labels);
      return this;
    }

    /** Windows per ONNX call; default {@value OnnxTextClassifier#DEFAULT_BATCH_SIZE}. At least 1. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Tokens per window, special tokens included; a longer text is read in several windows. Default: the
     * truncation length in the {@code tokenizer.json}, else {@value OnnxTextClassifier#DEFAULT_MAX_SEQUENCE_LENGTH}.
     * Never set it above the model's position limit. At least 3.
     */
    public Builder maxSequenceLength(int maxSequenceLength) {
      if (maxSequenceLength < 3) {
        throw new IllegalArgumentException("maxSequenceLength must be >= 3, was " + maxSequenceLength);
      }
      this.maxSequenceLength = maxSequenceLength;
      return this;
    }

    /**
     * Windows a text may need, at least 1; {@value OnnxTextClassifier#DEFAULT_MAX_WINDOWS} by default. A longer text
     * is refused with an {@link IllegalArgumentException}, never read in part.
     */
    public Builder maxWindows(int maxWindows) {
      if (maxWindows < 1) {
        throw new IllegalArgumentException("maxWindows must be >= 1, was " + maxWindows);
      }
      this.maxWindows = maxWindows;
      return this;
    }

    /** Threads ONNX Runtime uses inside one batch; default: the available processors. At least 1. */
    public Builder intraOpThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + threads);
      }
      this.intraOpThreads = threads;
      return this;
    }

    /**
     * Loads the tokenizer and the model and checks that the model looks like a text classifier with as many
     * labels as were named.
     *
     * @throws dev.quarry.api.NonRetriableException if a file cannot be read or parsed, the model's inputs or output
     *     are not a text classifier's, or its labels are not as many as were named
     */
    public OnnxTextClassifier build() {
      byte[] model = Resources.readFile(modelFile);
      WindowEncoder encoder = WindowEncoder.load(tokenizerFile);
      try {
        List<String> named = new ArrayList<>(1);
        ClassifierSession session = SessionFactory.openChecked(model, modelFile.toString(), intraOpThreads, opened -> {
          ClassifierSession checked = ClassifierSession.of(opened, modelFile.toString());
          named.addAll(labels(checked.labels()));
          return checked;
        });
        return new OnnxTextClassifier(this, session, encoder, List.copyOf(named), maxSequenceLength(encoder));
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
    }

    private List<String> labels(int count) {
      if (labels.isEmpty()) {
        return IntStream.range(0, count).mapToObj(i -> "LABEL_" + i).toList();
      }
      if (labels.size() != count) {
        throw new NonRetriableException(modelFile + " scores " + count + " labels, but "
            + labels.size() + " were named: " + labels);
      }
      return labels;
    }

    private int maxSequenceLength(WindowEncoder encoder) {
      if (maxSequenceLength > 0) {
        return maxSequenceLength;
      }
      int declared = encoder.declaredMaxLength();
      return declared > 0 ? declared : DEFAULT_MAX_SEQUENCE_LENGTH;
    }
  }
}
