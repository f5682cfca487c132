package dev.quarry.observation;

import io.micrometer.observation.Observation;

/**
 * Runs a call inside an observation the way every Quarry observation is run: started, in scope on the calling
 * thread (so that what the call observes becomes its child), {@link ObservationKeys#ERROR_TYPE} set to the failure's
 * type or {@code none}, the failure recorded, and stopped. An observation of a no-op registry costs nothing more than
 * the call.
 *
 * <p>Stateless and thread-safe.
 */
public final class Observations {
  private Observations() {}

  /**
   * A call that returns a value and may throw {@code E}.
   *
   * @param <T> what it returns
   * @param <E> the checked exception it may throw ({@code RuntimeException} for none)
   */
  @FunctionalInterface
  public interface Call<T, E extends Exception> {
    /** Makes the call. */
    T call() throws E;
  }

  /**
   * The result of {@code call}, observed by {@code observation}.
   *
   * @throws E whatever the call throws, after recording it
   */
  public static <T, E extends Exception> T observe(Observation observation, Call<T, E> call) throws E {
    if (observation.isNoop()) {
      return call.call();
    }
    observation.start();
    try (Observation.Scope scope = observation.openScope()) {
      T result = call.call();
      observation.lowCardinalityKeyValue(ObservationKeys.ERROR_TYPE, ObservationKeys.NONE);
      return result;
    } catch (Exception | Error e) {
      observation.lowCardinalityKeyValue(ObservationKeys.ERROR_TYPE, errorType(e));
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  /** Runs {@code call}, observed by {@code observation}. */
  public static void run(Observation observation, Runnable call) {
    Observations.<Void, RuntimeException>observe(observation, () -> {
      call.run();
      return null;
    });
  }

  /** The value of {@link ObservationKeys#ERROR_TYPE} for {@code failure}: its class's simple name. */
  public static String errorType(Throwable failure) {
    String name = failure.getClass().getSimpleName();
    return name.isEmpty() ? failure.getClass().getName() : name;
  }
}
