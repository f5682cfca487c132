package dev.quarry.resilience;

import dev.quarry.observation.ObservationKeys;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;

/**
 * The names and keys of the observations this package makes, and how they are filled in. Every observation of a
 * name carries the same low-cardinality keys, {@code error.type} set to {@code none} on success, so that every timer
 * of one name has the same tags.
 *
 * <p>Stateless and thread-safe.
 */
final class ResilienceObservations {
  /** A call through a policy, every attempt and wait included. */
  static final String RESILIENCE = ObservationNames.RESILIENCE;

  static final String POLICY = ObservationKeys.RESILIENCE_POLICY;
  static final String OPERATION = ObservationKeys.RESILIENCE_OPERATION;
  static final String OUTCOME = ObservationKeys.RESILIENCE_OUTCOME;
  static final String ERROR_TYPE = ObservationKeys.ERROR_TYPE;
  static final String ATTEMPTS = ObservationKeys.ATTEMPTS;

  /** An event of {@link #RESILIENCE}: an attempt failed and another follows after a wait. */
  static final String RETRY_EVENT = "quarry.retry";

  /** A call through a fallback chain. */
  static final String FALLBACK = ObservationNames.FALLBACK;

  static final String FALLBACK_MODEL = ObservationKeys.FALLBACK_MODEL;

  /** An event of {@link #FALLBACK}: a model of the chain failed and the next is tried. */
  static final String FALLBACK_SKIP_EVENT = "quarry.fallback.skip";

  static final String NONE = ObservationKeys.NONE;

  private ResilienceObservations() {}

  /** The result of {@code call}, run with {@code observation} in scope on the calling thread. */
  @SuppressWarnings("try")
  static <T> T inScope(Observation observation, Supplier<T> call) {
    try (Observation.Scope scope = observation.openScope()) {
      return call.get();
    }
  }

  /** A started observation of a call of {@code operation} through {@code policy}. */
  static Observation startCall(ResiliencePolicy policy, Operation operation) {
    return Observation.createNotStarted(RESILIENCE, policy.observationRegistry())
        .contextualName("resilience " + operation.keyValue())
        .lowCardinalityKeyValue(POLICY, policy.name())
        .lowCardinalityKeyValue(OPERATION, operation.keyValue())
        .start();
  }

  static void succeeded(Observation observation, int attempts) {
    observation.lowCardinalityKeyValue(OUTCOME, attempts > 1 ? "success_after_retry" : "success")
        .lowCardinalityKeyValue(ERROR_TYPE, NONE)
        .highCardinalityKeyValue(ATTEMPTS, Integer.toString(attempts));
  }

  static void failed(Observation observation, int attempts, Throwable failure) {
    String outcome = failure instanceof CallTimeoutException ? "timeout"
        : failure instanceof CircuitOpenException ? "circuit_open" : "failure";
    observation.lowCardinalityKeyValue(OUTCOME, outcome)
        .lowCardinalityKeyValue(ERROR_TYPE, Observations.errorType(failure))
        .highCardinalityKeyValue(ATTEMPTS, Integer.toString(attempts))
        .error(failure);
  }

  static void retrying(Observation observation, int attempt, Throwable failure, long waitMillis) {
    observation.event(Observation.Event.of(RETRY_EVENT, "attempt " + attempt + " failed with "
        + Observations.errorType(failure) + ", retrying in " + waitMillis + "ms"));
  }

  /** A started observation of a call through a fallback chain. */
  static Observation startFallback(ObservationRegistry registry) {
    return Observation.createNotStarted(FALLBACK, registry).contextualName("fallback chat").start();
  }

  static void answered(Observation observation, String model) {
    observation.lowCardinalityKeyValue(FALLBACK_MODEL, model).lowCardinalityKeyValue(ERROR_TYPE, NONE);
  }

  static void noneAnswered(Observation observation, Throwable failure) {
    observation.lowCardinalityKeyValue(FALLBACK_MODEL, NONE)
        .lowCardinalityKeyValue(ERROR_TYPE, Observations.errorType(failure))
        .error(failure);
  }

  static void skipped(Observation observation, String model, Throwable failure) {
    observation.event(Observation.Event.of(FALLBACK_SKIP_EVENT, model + " failed with " + Observations.errorType(failure)));
  }
}
