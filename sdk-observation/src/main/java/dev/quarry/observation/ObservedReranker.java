package dev.quarry.observation;

import dev.quarry.api.rerank.Reranker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;

/**
 * A reranker whose every call is observed as {@link ObservationNames#MODEL_CALL} with {@code
 * gen_ai.operation.name=rerank}, the provider and model, and how many passages it scored ({@link
 * ObservationKeys#INPUTS}).
 *
 * <p>Thread-safe if the delegate is.
 */
public final class ObservedReranker implements Reranker {
  private final Reranker delegate;
  private final ObservationRegistry registry;
  private final String provider;
  private final String model;

  private ObservedReranker(Reranker delegate, ObservationRegistry registry, String provider, String model) {
    this.delegate = delegate;
    this.registry = registry;
    this.provider = provider;
    this.model = model;
  }

  /**
   * {@code delegate} observed in {@code registry} as {@code model} served by {@code provider}.
   *
   * @throws IllegalArgumentException if an argument is null or a name blank
   */
  public static ObservedReranker of(Reranker delegate, ObservationRegistry registry, String provider, String model) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("reranker and observation registry must not be null");
    }
    return new ObservedReranker(delegate, registry, ModelCalls.requireName(provider, "provider"),
        ModelCalls.requireName(model, "model"));
  }

  @Override
  public float[] score(String query, List<String> passages) {
    Observation observation = ModelCalls.observation(new ModelCallContext("rerank", provider, model), registry)
        .highCardinalityKeyValue(ObservationKeys.INPUTS, Integer.toString(passages == null ? 0 : passages.size()));
    return Observations.observe(observation, () -> delegate.score(query, passages));
  }

  @Override
  public String toString() {
    return "ObservedReranker[" + provider + "/" + model + ", " + delegate + "]";
  }
}
