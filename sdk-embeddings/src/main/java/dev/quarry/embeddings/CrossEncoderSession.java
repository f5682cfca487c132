package dev.quarry.embeddings;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.api.NonRetriableException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX cross-encoder session: checks once that the model's inputs and output look like a sequence-pair
 * classifier's, then turns a padded {@link Batch} into one relevance logit per row.
 *
 * <p>Accepted: INT64 inputs {@code input_ids} and {@code attention_mask}, optionally {@code token_type_ids},
 * nothing else; a FLOAT output {@code logits} (or the only output) of shape {@code [batch, 1]}, read as the
 * relevance logit, or {@code [batch, 2]}, read as (not relevant, relevant) and turned into the log-odds of
 * relevant, {@code logits[1] - logits[0]}, whose sigmoid is the softmax probability of that class.
 *
 * <p>Thread-safe: ONNX Runtime runs a session from several threads.
 */
final class CrossEncoderSession implements AutoCloseable {
  private static final String KIND = "a cross-encoder";

  private final OrtSession session;
  private final String name;
  private final boolean feedsTypes;
  private final String output;
  /** 1: the output is the relevance logit; 2: it is (not relevant, relevant). */
  private final int logitsPerRow;

  private CrossEncoderSession(OrtSession session, String name, boolean feedsTypes, String output, int logitsPerRow) {
    this.session = session;
    this.name = name;
    this.feedsTypes = feedsTypes;
    this.output = output;
    this.logitsPerRow = logitsPerRow;
  }

  /**
   * Checks the model's signature. Does not close {@code session} when it fails; the caller does.
   *
   * @param name the model file, for messages
   */
  static CrossEncoderSession of(OrtSession session, String name) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      SequenceModels.checkInputs(inputs, name, KIND);
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      String output = SequenceModels.chooseOutput(outputs, name, KIND);
      int logitsPerRow = logitsPerRow(outputs.get(output), name);
      return new CrossEncoderSession(session, name, inputs.containsKey(SequenceModels.TOKEN_TYPE_IDS), output,
          logitsPerRow);
    } catch (OrtException e) {
      throw new NonRetriableException("cannot read the inputs and outputs of " + name, e);
    }
  }

  private static int logitsPerRow(NodeInfo output, String name) {
    if (output.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT) {
      long[] shape = t.getShape();
      if (shape.length == 2 && (shape[1] == 1 || shape[1] == 2)) {
        return (int) shape[1];
      }
    }
    throw new NonRetriableException(
        name + " does not look like a cross-encoder: its output is " + SequenceModels.describe(output)
            + "; expected FLOAT"
            + " [batch, 1] (a relevance logit) or [batch, 2] (not relevant, relevant)");
  }

  /** One relevance logit per row of {@code batch}, in the batch's row order. */
  float[] run(Batch batch) {
    Map<String, OnnxTensor> feed = Map.of();
    try {
      feed = SequenceModels.feed(batch, feedsTypes);
      try (OrtSession.Result out = session.run(feed, Set.of(output))) {
        FloatBuffer logits = ((OnnxTensor) out.get(0)).getFloatBuffer();
        int rows = batch.size();
        if (logits.capacity() != rows * logitsPerRow) {
          throw new NonRetriableException(
              name + " returned " + logits.capacity() + " values for " + rows + " pairs; expected "
                  + rows * logitsPerRow);
        }
        float[] relevance = new float[rows];
        for (int row = 0; row < rows; row++) {
          relevance[row] =
              logitsPerRow == 1 ? logits.get(row) : logits.get(2 * row + 1) - logits.get(2 * row);
        }
        return relevance;
      }
    } catch (OrtException e) {
      throw new NonRetriableException("ONNX Runtime failed to run " + name, e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
