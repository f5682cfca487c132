package dev.quarry.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingParameter;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * <b>Test double</b> for a LangChain4j embedding model: the testkit's {@link HashingEmbeddingModel} behind
 * LangChain4j's interface, so texts sharing words point the same way, deterministically and offline. It records
 * every request's texts and input type, and can declare LangChain4j's {@code INPUT_TYPE} parameter like asymmetric
 * providers do. Thread-safe.
 */
final class WordHashTestEmbeddingModel implements EmbeddingModel {
  /** What one call asked for. */
  record Call(List<String> texts, EmbeddingInputType inputType) {}

  private final HashingEmbeddingModel hashing;
  private final boolean declaresInputType;
  private final List<Call> calls = new ArrayList<>(); // guarded by this

  WordHashTestEmbeddingModel(int dimension, boolean declaresInputType) {
    this.hashing = new HashingEmbeddingModel(dimension);
    this.declaresInputType = declaresInputType;
  }

  @Override
  public EmbeddingResponse doEmbed(EmbeddingRequest request) {
    List<String> texts = request.inputs().stream().map(EmbeddingInput::text).toList();
    synchronized (this) {
      calls.add(new Call(texts, request.inputType()));
    }
    List<Embedding> embeddings = new ArrayList<>(texts.size());
    for (String text : texts) {
      embeddings.add(Embedding.from(vector(text)));
    }
    return EmbeddingResponse.builder().embeddings(embeddings).build();
  }

  @Override
  public Set<EmbeddingParameter<?>> supportedParameters() {
    return declaresInputType ? Set.of(EmbeddingRequestParameters.INPUT_TYPE) : Set.of();
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The vector this double gives {@code text}: {@link HashingEmbeddingModel#vector}. */
  float[] vector(String text) {
    return hashing.vector(text);
  }
}
