package dev.quarry.observation;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Optional;

/**
 * An embedding model whose every call is observed as {@link ObservationNames#MODEL_CALL} with {@code
 * gen_ai.operation.name=embeddings}, the provider and model, and how many texts it embedded ({@link
 * ObservationKeys#INPUTS}). {@link #dimension()} and {@link #tokenWindow()} are not observed.
 *
 * <p>Thread-safe if the delegate is.
 */
public final class ObservedEmbeddingModel implements EmbeddingModel {
  private final EmbeddingModel delegate;
  private final ObservationRegistry registry;
  private final String provider;
  private final String model;

  private ObservedEmbeddingModel(EmbeddingModel delegate, ObservationRegistry registry, String provider,
      String model) {
    this.delegate = delegate;
    this.registry = registry;
    this.provider = provider;
    this.model = model;
  }

  /**
   * {@code delegate} observed in {@code registry} as {@code model} served by {@code provider} ({@code onnx} for
   * Quarry's own models).
   *
   * @throws IllegalArgumentException if an argument is null or a name blank
   */
  public static ObservedEmbeddingModel of(EmbeddingModel delegate, ObservationRegistry registry, String provider,
      String model) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("embedding model and observation registry must not be null");
    }
    return new ObservedEmbeddingModel(delegate, registry, ModelCalls.requireName(provider, "provider"),
        ModelCalls.requireName(model, "model"));
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    Observation observation = observation(texts == null ? 0 : texts.size());
    return Observations.observe(observation, () -> delegate.embedDocuments(texts));
  }

  @Override
  public float[] embedQuery(String query) {
    return Observations.observe(observation(1), () -> delegate.embedQuery(query));
  }

  @Override
  public Optional<TokenWindow> tokenWindow() {
    return delegate.tokenWindow();
  }

  private Observation observation(int inputs) {
    return ModelCalls.observation(new ModelCallContext("embeddings", provider, model), registry)
        .highCardinalityKeyValue(ObservationKeys.INPUTS, Integer.toString(inputs));
  }

  @Override
  public String toString() {
    return "ObservedEmbeddingModel[" + provider + "/" + model + ", " + delegate + "]";
  }
}
