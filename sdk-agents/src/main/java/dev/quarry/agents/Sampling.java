package dev.quarry.agents;

import dev.quarry.api.chat.ChatRequest;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Sampling options put on every request of a run; unset options are left to the provider.
 *
 * <p>Immutable and thread-safe.
 */
record Sampling(OptionalDouble temperature, OptionalInt maxOutputTokens) {
  static final Sampling DEFAULT = new Sampling(OptionalDouble.empty(), OptionalInt.empty());

  Sampling withTemperature(double value) {
    if (!(value >= 0 && value <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], was " + value);
    }
    return new Sampling(OptionalDouble.of(value), maxOutputTokens);
  }

  Sampling withMaxOutputTokens(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + value);
    }
    return new Sampling(temperature, OptionalInt.of(value));
  }

  ChatRequest.Builder apply(ChatRequest.Builder request) {
    temperature.ifPresent(request::temperature);
    maxOutputTokens.ifPresent(request::maxOutputTokens);
    return request;
  }
}
