package dev.quarry.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Any LangChain4j embedding model (OpenAI, Ollama, Vertex, an in-process ONNX model, ...) as a Quarry {@link
 * EmbeddingModel}.
 *
 * <pre>{@code
 * EmbeddingModel model = LangChain4jEmbeddingModel.builder(OpenAiEmbeddingModel.builder()...build())
 *     .dimension(1536)
 *     .build();
 * }</pre>
 *
 * <p><b>Queries and documents.</b> Quarry embeds queries and passages separately because asymmetric models (e5,
 * bge) expect different inputs. A LangChain4j model that declares the {@code INPUT_TYPE} parameter is told which
 * one it gets ({@code QUERY} or {@code DOCUMENT}). Other LangChain4j models see both the same way: they add no
 * query prefix of their own, so for an asymmetric model set {@link Builder#queryPrefix} (e.g. {@code "query: "}
 * for e5, {@code "Represent this sentence for searching relevant passages: "} for bge) and, if it needs one,
 * {@link Builder#documentPrefix}.
 *
 * <p><b>Dimension.</b> Given to the builder, or else asked of the model once when the bridge is built (many
 * LangChain4j models answer that by embedding a probe text, which costs one call). Every vector returned is
 * checked against it.
 *
 * <p>Failures map as for {@link LangChain4jChatModel}: rate limits, timeouts and server errors become {@link
 * dev.quarry.api.RetriableException}, refusals {@link NonRetriableException}.
 *
 * <p>Immutable; thread-safe when the wrapped model is, as LangChain4j's models are. Returned arrays are fresh
 * copies owned by the caller.
 */
public final class LangChain4jEmbeddingModel implements EmbeddingModel {
  private final dev.langchain4j.model.embedding.EmbeddingModel model;
  private final int dimension;
  private final String queryPrefix;
  private final String documentPrefix;
  private final boolean tellsInputType;

  private LangChain4jEmbeddingModel(Builder builder, int dimension) {
    this.model = builder.model;
    this.dimension = dimension;
    this.queryPrefix = builder.queryPrefix;
    this.documentPrefix = builder.documentPrefix;
    this.tellsInputType = builder.model.supportedParameters().contains(EmbeddingRequestParameters.INPUT_TYPE);
  }

  /** Starts a bridge over {@code model}. */
  public static Builder builder(dev.langchain4j.model.embedding.EmbeddingModel model) {
    if (model == null) {
      throw new IllegalArgumentException("LangChain4j embedding model must not be null");
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
    if (texts.isEmpty()) {
      return List.of();
    }
    return embed(texts, documentPrefix, EmbeddingInputType.DOCUMENT);
  }

  @Override
  public float[] embedQuery(String query) {
    requireText(query, "query");
    return embed(List.of(query), queryPrefix, EmbeddingInputType.QUERY).getFirst();
  }

  @Override
  public String toString() {
    return "LangChain4jEmbeddingModel[" + model.getClass().getName() + ", dimension=" + dimension + "]";
  }

  private List<float[]> embed(List<String> texts, String prefix, EmbeddingInputType type) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      segments.add(TextSegment.from(prefix + text));
    }
    EmbeddingRequest.Builder request = EmbeddingRequest.builder().textSegments(segments);
    if (tellsInputType) {
      request.inputType(type);
    }
    EmbeddingResponse response;
    try {
      response = model.embed(request.build());
    } catch (RuntimeException e) {
      throw FailureMapping.toQuarry(e, "embedding with " + model.getClass().getSimpleName());
    }
    return vectors(response, texts.size());
  }

  private List<float[]> vectors(EmbeddingResponse response, int expected) {
    List<Embedding> embeddings = response == null ? null : response.embeddings();
    if (embeddings == null || embeddings.size() != expected) {
      throw new NonRetriableException(
          "the LangChain4j embedding model returned " + (embeddings == null ? "no" : embeddings.size())
              + " vectors for " + expected + " texts");
    }
    List<float[]> vectors = new ArrayList<>(expected);
    for (Embedding embedding : embeddings) {
      float[] vector = embedding.vector();
      if (vector.length != dimension) {
        throw new NonRetriableException(
            "the LangChain4j embedding model returned a vector of " + vector.length + " dimensions, expected "
                + dimension);
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

  /** Options of a {@link LangChain4jEmbeddingModel}. Not thread-safe. */
  public static final class Builder {
    private final dev.langchain4j.model.embedding.EmbeddingModel model;
    private int dimension;
    private String queryPrefix = "";
    private String documentPrefix = "";

    private Builder(dev.langchain4j.model.embedding.EmbeddingModel model) {
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
    public LangChain4jEmbeddingModel build() {
      return new LangChain4jEmbeddingModel(this, dimension > 0 ? dimension : askDimension());
    }

    private int askDimension() {
      int asked;
      try {
        asked = model.dimension();
      } catch (RuntimeException e) {
        throw FailureMapping.toQuarry(e, "asking " + model.getClass().getSimpleName() + " for its dimension");
      }
      if (asked <= 0) {
        throw new NonRetriableException(
            "the LangChain4j embedding model reported dimension " + asked + "; set it with dimension(int)");
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
