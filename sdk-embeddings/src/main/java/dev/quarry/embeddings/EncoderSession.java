package dev.quarry.embeddings;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.api.NonRetriableException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX sentence-encoder session: feeds a padded {@link Batch} to the inputs the model has, reads its token (or
 * already pooled) output, and pools each row. Thread-safe: ONNX Runtime runs a session from several threads.
 */
final class EncoderSession implements AutoCloseable {
  private final OrtSession session;
  private final String name;
  private final Set<String> inputs;
  private final String output;
  private final boolean outputIsPooled;
  private final long outputDimension;
  private final Pooling pooling;
  private final boolean normalize;

  EncoderSession(OrtSession session, String name, Pooling pooling, boolean normalize) throws OrtException {
    this.session = session;
    this.name = name;
    this.pooling = pooling;
    this.normalize = normalize;
    this.inputs = session.getInputNames();
    if (!inputs.contains("input_ids")) {
      throw new NonRetriableException(name + " has no 'input_ids' input; inputs are " + inputs);
    }
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    this.output =
        outputs.containsKey("last_hidden_state") ? "last_hidden_state" : outputs.keySet().iterator().next();
    long[] shape = ((TensorInfo) outputs.get(output).getInfo()).getShape();
    this.outputIsPooled = shape.length == 2;
    this.outputDimension = shape[shape.length - 1];
  }

  /** The vector length the model declares, or -1 when its output shape leaves it open. */
  long declaredDimension() {
    return outputDimension;
  }

  /** One vector per row of {@code batch}. */
  float[][] run(Batch batch) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.size(), batch.length()};
    Map<String, OnnxTensor> feed = new HashMap<>(4);
    try {
      feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape));
      if (inputs.contains("attention_mask")) {
        feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape));
      }
      if (inputs.contains("token_type_ids")) {
        feed.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(batch.types()), shape));
      }
      try (OrtSession.Result out = session.run(feed, Set.of(output))) {
        FloatBuffer hidden = ((OnnxTensor) out.get(0)).getFloatBuffer();
        int rows = batch.size();
        int dim = outputIsPooled ? hidden.capacity() / rows : hidden.capacity() / rows / batch.length();
        float[][] vectors = new float[rows][];
        for (int row = 0; row < rows; row++) {
          vectors[row] =
              outputIsPooled
                  ? Pooler.row(hidden, row, dim, normalize)
                  : Pooler.pool(hidden, batch, row, dim, pooling, normalize);
        }
        return vectors;
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
