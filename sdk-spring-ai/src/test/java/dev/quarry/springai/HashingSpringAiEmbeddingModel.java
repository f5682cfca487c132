package dev.quarry.springai;

import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A <b>test double</b> for Spring AI's {@link EmbeddingModel}, not a real model: it embeds each text with the
 * testkit's {@link HashingEmbeddingModel} word hashing, records every call's inputs, and returns the <em>same</em>
 * cached array each time a text comes again, so that a bridge that fails to copy arrays is caught. {@link
 * #reshaping} lets a test break its replies (drop vectors, shorten them, throw).
 *
 * <p>Thread-safe.
 */
final class HashingSpringAiEmbeddingModel implements EmbeddingModel {
  private final HashingEmbeddingModel hashing;
  private final Function<List<float[]>, List<float[]>> reshape;
  private final Map<String, float[]> cache = new ConcurrentHashMap<>();
  private final List<List<String>> calls = new ArrayList<>(); // guarded by itself

  private HashingSpringAiEmbeddingModel(int dimension, Function<List<float[]>, List<float[]>> reshape) {
    this.hashing = new HashingEmbeddingModel(dimension);
    this.reshape = reshape;
  }

  HashingSpringAiEmbeddingModel(int dimension) {
    this(dimension, Function.identity());
  }

  /** A double whose replies pass through {@code reshape} (which may also throw). */
  static HashingSpringAiEmbeddingModel reshaping(int dimension, Function<List<float[]>, List<float[]>> reshape) {
    return new HashingSpringAiEmbeddingModel(dimension, reshape);
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<String> inputs = List.copyOf(request.getInstructions());
    synchronized (calls) {
      calls.add(inputs);
    }
    List<float[]> vectors = new ArrayList<>(inputs.size());
    for (String input : inputs) {
      vectors.add(cache.computeIfAbsent(input, hashing::vector));
    }
    List<Embedding> embeddings = new ArrayList<>();
    List<float[]> reshaped = reshape.apply(vectors);
    for (int i = 0; i < reshaped.size(); i++) {
      embeddings.add(new Embedding(reshaped.get(i), i));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getText());
  }

  /** The vector the double gives {@code text} (a fresh array, not the cached one). */
  float[] expected(String text) {
    return hashing.vector(text);
  }

  /** The inputs of every call so far, in order. A snapshot. */
  List<List<String>> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }
}
