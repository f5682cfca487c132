package dev.quarry.springai;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Any Spring AI embedding model (OpenAI, Ollama, Mistral, Vertex, Bedrock, the ONNX transformers model, ...) as a
 * Quarry {@link EmbeddingModel}.
 *
 * <pre>{@code
 * EmbeddingModel model = SpringAiEmbeddingModel.builder(openAiEmbeddingModel).dimension(1536).build();
 * }</pre>
 *
 * <p><b>Batches.</b> {@link #embedDocuments} sends the texts in calls of at most {@link Builder#batchSize} texts
 * ({@value #DEFAULT_BATCH_SIZE} by default) through the model's {@code embed(List<String>)}, in order.
 *
 * <p><b>Queries and documents.</b> Spring AI's embedding API does not tell queries from documents. Asymmetric
 * models (e5, bge) expect a prefix on one or both: set {@link Builder#queryPrefix} (e.g. {@code "query: "} for e5)
 * and {@link Builder#documentPrefix} (e.g. {@code "passage: "}); both are empty by default.
 *
 * <p><b>Dimension.</b> Given to the builder, or else asked of the model once when the bridge is built ({@code
 * dimensions()}, which many Spring AI models answer by embedding a probe text: one call). Every vector returned is
 * checked against it.
 *
 * <p>Failures map as for {@link SpringAiChatModel}: transient ones become {@link
 * dev.quarry.api.RetriableException}, refusals {@link NonRetriableException}.
 *
 * <p>Immutable; thread-safe when the wrapped model is, as Spring AI's models are. Returned arrays are fresh copies
 * owned by the caller.
 */
public final class SpringAiEmbeddingModel implements EmbeddingModel {
  /** Texts per call to the wrapped model when {@link Builder#batchSize} is not set. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final org.springframework.ai.embedding.EmbeddingModel model;
  private final int dimension;
  private final int batchSize;
  private final String queryPrefix;
  private final String documentPrefix;

  private SpringAiEmbeddingModel(Builder builder, int dimension) {
    this.model = builder.model;
    this.dimension = dimension;
    this.batchSize = builder.batchSize;
    this.queryPrefix = builder.queryPrefix;
    this.documentPrefix = builder.documentPrefix;
  }

  /** Starts a bridge over {@code model}. */
  public static Builder builder(org.springframework.ai.embedding.EmbeddingModel model) {
    if (model == null) {
      throw new IllegalArgumentException("Spring AI embedding model must not be null");
    }
    return new Builder(model);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    for (int i = 0; i < texts.size(); i++) {
      requireText(texts.get(i), "text " + i);
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      vectors.addAll(embed(texts.subList(from, Math.min(texts.size(), from + batchSize)), documentPrefix));
    }
    return vectors;
  }

  @Override
  public float[] embedQuery(String query) {
    requireText(query, "query");
    return embed(List.of(query), queryPrefix).getFirst();
  }

  @Override
  public String toString() {
    return "SpringAiEmbeddingModel[" + model.getClass().getName() + ", dimension=" + dimension + "]";
  }

  private List<float[]> embed(List<String> texts, String prefix) {
    List<String> inputs = new ArrayList<>(texts.size());
    for (String text : texts) {
      inputs.add(prefix + text);
    }
    List<float[]> returned;
    try {
      returned = model.embed(inputs);
    } catch (RuntimeException e) {
      throw FailureMapping.toQuarry(e, "embedding with " + model.getClass().getSimpleName());
    }
    if (returned == null || returned.size() != texts.size()) {
      throw new NonRetriableException(
          "the Spring AI embedding model returned " + (returned == null ? "no" : returned.size()) + " vectors for "
              + texts.size() + " texts");
    }
    List<float[]> vectors = new ArrayList<>(returned.size());
    for (float[] vector : returned) {
      if (vector == null || vector.length != dimension) {
        throw new NonRetriableException(
            "the Spring AI embedding model returned a vector of " + (vector == null ? "no" : vector.length)
                + " dimensions, expected " + dimension);
      }
      vectors.add(vector.clone());
    }
    return vectors;
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be null or blank");
    }
  }

  /** Options of a {@link SpringAiEmbeddingModel}. Not thread-safe. */
  public static final class Builder {
    private final org.springframework.ai.embedding.EmbeddingModel model;
    private int dimension;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private String queryPrefix = "";
    private String documentPrefix = "";

    private Builder(org.springframework.ai.embedding.EmbeddingModel model) {
      this.model = model;
    }

    /** The vectors' length; asked of the model when {@link #build()} runs if not set. */
    public Builder dimension(int dimension) {
      if (dimension <= 0) {
        throw new IllegalArgumentException("dimension must be > 0, was " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /** The most texts sent in one call; {@value SpringAiEmbeddingModel#DEFAULT_BATCH_SIZE} when not set. */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Put before every query; empty (none) when not set. */
    public Builder queryPrefix(String queryPrefix) {
      this.queryPrefix = requirePrefix(queryPrefix, "queryPrefix");
      return this;
    }

    /** Put before every document; empty (none) when not set. */
    public Builder documentPrefix(String documentPrefix) {
      this.documentPrefix = requirePrefix(documentPrefix, "documentPrefix");
      return this;
    }

    /**
     * Returns the model.
     *
     * @throws dev.quarry.api.QuarryException if no dimension was set and asking the model for it failed
     */
    public SpringAiEmbeddingModel build() {
      return new SpringAiEmbeddingModel(this, dimension > 0 ? dimension : askDimension());
    }

    private int askDimension() {
      int asked;
      try {
        asked = model.dimensions();
      } catch (RuntimeException e) {
        throw FailureMapping.toQuarry(e, "asking " + model.getClass().getSimpleName() + " for its dimension");
      }
      if (asked <= 0) {
        throw new NonRetriableException(
            "the Spring AI embedding model reported dimension " + asked + "; set it with dimension(int)");
      }
      return asked;
    }

    private static String requirePrefix(String prefix, String what) {
      if (prefix == null) {
        throw new IllegalArgumentException(what + " must not be null (use \"\" for none)");
      }
      return prefix;
    }
  }
}
