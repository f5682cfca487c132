package dev.quarry.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** How the model wrappers open their observation and check their names. Stateless. */
final class ModelCalls {
  private ModelCalls() {}

  /**
   * A not yet started {@link ObservationNames#MODEL_CALL} observation of {@code context}, its low keys set: the
   * same keys for every operation ({@code gen_ai.response.finish_reasons} is {@code none} but for a chat reply),
   * since every timer of one name must have the same tags.
   */
  static Observation observation(ModelCallContext context, ObservationRegistry registry) {
    return Observation.createNotStarted(ObservationNames.MODEL_CALL, () -> context, registry)
        .contextualName(context.operation() + " " + context.model())
        .lowCardinalityKeyValue(ObservationKeys.OPERATION_NAME, context.operation())
        .lowCardinalityKeyValue(ObservationKeys.PROVIDER_NAME, context.provider())
        .lowCardinalityKeyValue(ObservationKeys.REQUEST_MODEL, context.model())
        .lowCardinalityKeyValue(ObservationKeys.RESPONSE_FINISH_REASONS, ObservationKeys.NONE);
  }

  static String requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " name must not be null or blank");
    }
    return name;
  }
}
