package dev.quarry.observation;

import dev.quarry.api.chat.TokenUsage;
import io.micrometer.observation.Observation;
import java.util.Optional;

/**
 * The context of a {@link ObservationNames#MODEL_CALL} observation: which operation on which model, and once it
 * returned, the tokens it used and what they cost. {@link GenAiMeters} reads it.
 *
 * <p>Written by the thread that makes the call, read by handlers when the observation stops.
 */
public final class ModelCallContext extends Observation.Context {
  private final String operation;
  private final String provider;
  private final String model;
  private volatile TokenUsage usage;
  private volatile Cost cost;

  ModelCallContext(String operation, String provider, String model) {
    this.operation = operation;
    this.provider = provider;
    this.model = model;
  }

  /** The operation: {@code chat}, {@code embeddings} or {@code rerank}. */
  public String operation() {
    return operation;
  }

  /** Who serves the model, as the caller named it. */
  public String provider() {
    return provider;
  }

  /** The model, as the caller named it. */
  public String model() {
    return model;
  }

  /** The tokens a chat call used, once it returned; empty for other operations or a failed call. */
  public Optional<TokenUsage> usage() {
    return Optional.ofNullable(usage);
  }

  /** What the call cost, when it returned and its model has a price. */
  public Optional<Cost> cost() {
    return Optional.ofNullable(cost);
  }

  void usage(TokenUsage usage) {
    this.usage = usage;
  }

  void cost(Cost cost) {
    this.cost = cost;
  }
}
