package dev.quarry.embeddings;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.quarry.api.NonRetriableException;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the sequence classifiers ({@link CrossEncoderSession}, {@link ClassifierSession}) share: the inputs they
 * accept, the output they read, and how a {@link Batch} is fed. Stateless.
 */
final class SequenceModels {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String LOGITS = "logits";
  private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

  private SequenceModels() {}

  /**
   * Checks for INT64 [batch, sequence] inputs {@code input_ids} and {@code attention_mask}, optionally {@code
   * token_type_ids}, and nothing else.
   *
   * @param kind what the model should be, for the message: {@code "a cross-encoder"}
   */
  static void checkInputs(Map<String, NodeInfo> inputs, String name, String kind) {
    if (!inputs.containsKey(INPUT_IDS) || !inputs.containsKey(ATTENTION_MASK)
        || !KNOWN_INPUTS.containsAll(inputs.keySet())) {
      throw new NonRetriableException(
          name + " does not look like " + kind + ": its inputs are " + describe(inputs) + "; expected "
              + INPUT_IDS + " and " + ATTENTION_MASK + ", optionally " + TOKEN_TYPE_IDS + ", all INT64 [batch,"
              + " sequence]");
    }
    for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
      if (!(input.getValue().getInfo() instanceof TensorInfo t)
          || t.type != OnnxJavaType.INT64
          || t.getShape().length != 2) {
        throw new NonRetriableException(
            name + ": input " + describe(input.getValue()) + " is not an INT64 tensor [batch, sequence]");
      }
    }
  }

  /** {@code logits}, or the only output. */
  static String chooseOutput(Map<String, NodeInfo> outputs, String name, String kind) {
    if (outputs.containsKey(LOGITS)) {
      return LOGITS;
    }
    if (outputs.size() == 1) {
      return outputs.keySet().iterator().next();
    }
    throw new NonRetriableException(
        name + " does not look like " + kind + ": its outputs are " + describe(outputs) + "; expected one"
            + " named " + LOGITS);
  }

  /** The tensors for {@code batch}; the caller closes them. */
  static Map<String, OnnxTensor> feed(Batch batch, boolean withTypes) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.size(), batch.length()};
    Map<String, OnnxTensor> feed = new HashMap<>(4);
    try {
      feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.ids()), shape));
      feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.mask()), shape));
      if (withTypes) {
        feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.types()), shape));
      }
      return feed;
    } catch (OrtException | RuntimeException e) {
      feed.values().forEach(OnnxTensor::close);
      throw e;
    }
  }

  static String describe(Map<String, NodeInfo> nodes) {
    return nodes.values().stream().map(SequenceModels::describe).toList().toString();
  }

  /** Name, element type and shape, with -1 for a dimension left open: {@code logits FLOAT [-1, 1]}. */
  static String describe(NodeInfo node) {
    return node.getInfo() instanceof TensorInfo t
        ? node.getName() + " " + t.type + " " + Arrays.toString(t.getShape())
        : node.getName() + " (" + node.getInfo() + ")";
  }
}
