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
 * An ONNX text-classifier session: checks once that the model's inputs and output look like a sequence
 * classifier's, then turns a padded {@link Batch} into one row of label logits per text.
 *
 * <p>Accepted: the inputs of {@link SequenceModels#checkInputs}; a FLOAT output {@code logits} (or the only output)
 * of shape {@code [batch, labels]} with at least two labels.
 *
 * <p>Thread-safe: ONNX Runtime runs a session from several threads.
 */
final class ClassifierSession implements AutoCloseable {
  private static final String KIND = "a text classifier";

  private final OrtSession session;
  private final String name;
  private final boolean feedsTypes;
  private final String output;
  private final int labels;

  private ClassifierSession(OrtSession session, String name, boolean feedsTypes, String output, int labels) {
    this.session = session;
    this.name = name;
    this.feedsTypes = feedsTypes;
    this.output = output;
    this.labels = labels;
  }

  /**
   * Checks the model's signature. Does not close {@code session} when it fails; the caller does.
   *
   * @param name the model file, for messages
   */
  static ClassifierSession of(OrtSession session, String name) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      SequenceModels.checkInputs(inputs, name, KIND);
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      String output = SequenceModels.chooseOutput(outputs, name, KIND);
      return new ClassifierSession(session, name, inputs.containsKey(SequenceModels.TOKEN_TYPE_IDS), output,
          labels(outputs.get(output), name));
    } catch (OrtException e) {
      throw new NonRetriableException("cannot read the inputs and outputs of " + name, e);
    }
  }

  private static int labels(NodeInfo output, String name) {
    if (output.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT) {
      long[] shape = t.getShape();
      if (shape.length == 2 && shape[1] >= 2) {
        return (int) shape[1];
      }
    }
    throw new NonRetriableException(name + " does not look like a text classifier: its output is "
        + SequenceModels.describe(output) + "; expected FLOAT [batch, labels] with two labels or more");
  }

  /** How many labels the model scores. */
  int labels() {
    return labels;
  }

  /** One row of {@link #labels()} logits per row of {@code batch}, in the batch's row order. */
  float[][] run(Batch batch) {
    Map<String, OnnxTensor> feed = Map.of();
    try {
      feed = SequenceModels.feed(batch, feedsTypes);
      try (OrtSession.Result out = session.run(feed, Set.of(output))) {
        FloatBuffer logits = ((OnnxTensor) out.get(0)).getFloatBuffer();
        int rows = batch.size();
        if (logits.capacity() != rows * labels) {
          throw new NonRetriableException(name + " returned " + logits.capacity() + " values for " + rows
              + " texts; expected " + rows * labels);
        }
        float[][] result = new float[rows][labels];
        for (int row = 0; row < rows; row++) {
          logits.get(row * labels, result[row]);
        }
        return result;
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
