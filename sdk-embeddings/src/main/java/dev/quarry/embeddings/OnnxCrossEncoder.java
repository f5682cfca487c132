package dev.quarry.embeddings;

import ai.onnxruntime.OrtException;
import dev.quarry.api.rerank.Reranker;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Reranker} that runs a cross-encoder (a BERT-style sequence-pair classifier, such as
 * {@code cross-encoder/ms-marco-MiniLM-L-6-v2}) in-process with ONNX Runtime, from an ONNX file and its
 * {@code tokenizer.json}.
 *
 * <p><b>No cross-encoder ships with Quarry</b>, and none is downloaded: export one where a model hub can be reached,
 * for example {@code optimum-cli export onnx --model cross-encoder/ms-marco-MiniLM-L-6-v2 --task
 * text-classification out/}, and copy {@code out/model.onnx} and {@code out/tokenizer.json} to the host.
 *
 * <pre>{@code
 * try (OnnxCrossEncoder reranker = OnnxCrossEncoder.builder(modelOnnx, tokenizerJson).build()) {
 *   float[] scores = reranker.score("who wrote Hamlet?", passages);   // one per passage, in order
 * }
 * }</pre>
 *
 * <p>Each passage is read together with the query as one pair ({@code [CLS] query [SEP] passage [SEP]} for BERT);
 * a pair longer than the maximum sequence length loses the end of its passage, never the query. Pairs are sorted
 * by length and run {@link Builder#batchSize} at a time, padded to the longest in their batch; scores come back
 * in the caller's order. A score is the model's relevance logit (any real number, higher is more relevant), or
 * its sigmoid with {@link Builder#sigmoid}. A model with two outputs per pair (not relevant, relevant) scores
 * {@code logit[1] - logit[0]}, whose sigmoid is the softmax probability of "relevant".
 *
 * <p>The model must take INT64 {@code input_ids} and {@code attention_mask} (and optionally {@code
 * token_type_ids}) and return FLOAT {@code logits} of shape {@code [batch, 1]} or {@code [batch, 2]}; {@link
 * Builder#build} refuses any other signature, naming the file and what it found.
 *
 * <p>Thread-safe: one instance serves all threads; ONNX Runtime runs the session concurrently, each call's
 * batches run on the caller's thread. {@link #close()} waits for calls in flight, then frees the native session
 * and tokenizer; later calls throw {@link IllegalStateException}.
 *
 * <p>Runs on the CPU. Offline: as for {@link OnnxEmbeddingModel}, DJL's offline switch is set and ONNX Runtime's
 * telemetry switched off before the first session starts, or {@link Builder#build} fails naming the fixes.
 */
public final class OnnxCrossEncoder implements Reranker, AutoCloseable {
  /**
   * Pairs per ONNX call by default. A rerank call scores a few dozen passages; at 512 tokens, MiniLM's attention
   * scores for 16 pairs take about 200 MB (16 x 12 heads x 512 x 512 floats).
   */
  public static final int DEFAULT_BATCH_SIZE = 16;
  /** Tokens per pair when the {@code tokenizer.json} sets no truncation length (BERT's limit). */
  public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxCrossEncoder.class);

  private final CrossEncoderSession session;
  private final PairEncoder encoder;
  private final String name;
  private final int batchSize;
  private final int maxSequenceLength;
  private final boolean sigmoid;
  private final CloseLatch latch;

  private OnnxCrossEncoder(Builder b, CrossEncoderSession session, PairEncoder encoder, int maxSequenceLength) {
    this.session = session;
    this.encoder = encoder;
    this.name = b.modelFile.toString();
    this.batchSize = b.batchSize;
    this.sigmoid = b.sigmoid;
    this.maxSequenceLength = maxSequenceLength;
    this.latch = new CloseLatch(name);
  }

  /**
   * A builder for the cross-encoder in {@code modelFile} with the tokenizer in {@code tokenizerJson}.
   *
   * @throws IllegalArgumentException if either is null or not a file
   */
  public static Builder builder(Path modelFile, Path tokenizerJson) {
    return new Builder(ModelFiles.require(modelFile, "ONNX model"),
        ModelFiles.require(tokenizerJson, "tokenizer.json"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also if the query, with the special tokens, fills the maximum sequence
   *     length and leaves no room for a passage
   * @throws IllegalStateException if this reranker is closed
   */
  @Override
  public float[] score(String query, List<String> passages) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
    if (passages == null) {
      throw new IllegalArgumentException("passages must not be null");
    }
    for (int i = 0; i < passages.size(); i++) {
      if (passages.get(i) == null) {
        throw new IllegalArgumentException("passage at index " + i + " is null");
      }
    }
    return latch.call(() -> passages.isEmpty() ? new float[0] : scoreOpen(query, passages));
  }

  /** Steps: 1. tokenize and truncate every pair; 2. sort by length; 3. pad and run each batch; 4. place scores. */
  private float[] scoreOpen(String query, List<String> passages) {
    EncodedSequence[] pairs = encoder.encode(query, passages, maxSequenceLength);
    int[] order = EncodedSequence.lengthOrder(pairs);
    float[] scores = new float[pairs.length];
    for (int from = 0; from < pairs.length; from += batchSize) {
      Batch batch = EncodedSequence.pad(pairs, order, from, Math.min(pairs.length, from + batchSize));
      float[] logits = session.run(batch);
      for (int row = 0; row < batch.size(); row++) {
        scores[batch.positions()[row]] = sigmoid ? sigmoid(logits[row]) : logits[row];
      }
    }
    return scores;
  }

  private static float sigmoid(float logit) {
    return (float) (1.0 / (1.0 + Math.exp(-logit)));
  }

  @Override
  public String toString() {
    return "OnnxCrossEncoder[" + name + ", maxSequenceLength=" + maxSequenceLength + ", batchSize=" + batchSize
        + (sigmoid ? ", sigmoid" : ", logits") + "]";
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

  /** Options of an {@link OnnxCrossEncoder}; unset options take the named defaults. Not thread-safe. */
  public static final class Builder {
    private final Path modelFile;
    private final Path tokenizerFile;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxSequenceLength;
    private int intraOpThreads = Runtime.getRuntime().availableProcessors();
    private boolean sigmoid;

    private Builder(Path modelFile, Path tokenizerFile) {
      this.modelFile = modelFile;
      this.tokenizerFile = tokenizerFile;
    }

    /** Pairs per ONNX call; default {@value OnnxCrossEncoder#DEFAULT_BATCH_SIZE}. At least 1. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Tokens per (query, passage) pair, special tokens included; longer pairs lose the end of the passage.
     * Default: the truncation length in the {@code tokenizer.json}, else {@value
     * OnnxCrossEncoder#DEFAULT_MAX_SEQUENCE_LENGTH}. Never set it above the model's position limit. At least 2.
     */
    public Builder maxSequenceLength(int maxSequenceLength) {
      if (maxSequenceLength < 2) {
        throw new IllegalArgumentException("maxSequenceLength must be >= 2, was " + maxSequenceLength);
      }
      this.maxSequenceLength = maxSequenceLength;
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
     * Map each score through the sigmoid into (0, 1), for a threshold that means the same across queries;
     * default false: raw logits, which rank the same and cost nothing.
     */
    public Builder sigmoid(boolean sigmoid) {
      this.sigmoid = sigmoid;
      return this;
    }

    /**
     * Loads the tokenizer and the model and checks that the model looks like a cross-encoder.
     *
     * @throws dev.quarry.api.NonRetriableException if a file cannot be read or parsed, or the model's inputs or
     *     output are not a cross-encoder's
     */
    public OnnxCrossEncoder build() {
      byte[] model = Resources.readFile(modelFile);
      PairEncoder encoder = PairEncoder.load(tokenizerFile);
      try {
        CrossEncoderSession session = SessionFactory.openChecked(model, modelFile.toString(), intraOpThreads,
            opened -> CrossEncoderSession.of(opened, modelFile.toString()));
        return new OnnxCrossEncoder(this, session, encoder, maxSequenceLength(encoder));
      } catch (RuntimeException e) {
        encoder.close();
        throw e;
      }
    }

    private int maxSequenceLength(PairEncoder encoder) {
      if (maxSequenceLength > 0) {
        return maxSequenceLength;
      }
      int declared = encoder.declaredMaxLength();
      return declared > 0 ? declared : DEFAULT_MAX_SEQUENCE_LENGTH;
    }
  }
}
