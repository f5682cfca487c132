package dev.quarry.observation;

import dev.quarry.api.chat.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * Records OpenTelemetry's GenAI client metrics from the {@link ObservationNames#MODEL_CALL} observations: {@code
 * gen_ai.client.operation.duration} (a timer per operation, provider, model and {@code error.type}) and {@code
 * gen_ai.client.token.usage} (a distribution of tokens per call, by {@code gen_ai.token.type} {@code input} or
 * {@code output}); plus {@code quarry.cost} (a counter of money spent per model and currency) for priced calls.
 * Needs {@code micrometer-core} on the class path.
 *
 * <pre>{@code
 * ObservationRegistry observations = GenAiMeters.observationRegistry(meterRegistry);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class GenAiMeters implements ObservationHandler<ModelCallContext> {
  /** The duration metric's name. */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

  /** The token usage metric's name. */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

  /** The cost metric's name. */
  public static final String COST = "quarry.cost";

  /** The token usage metric's key telling input from output tokens. */
  public static final String TOKEN_TYPE = "gen_ai.token.type";

  private final MeterRegistry meters;

  /** Records into {@code meters}. */
  public GenAiMeters(MeterRegistry meters) {
    if (meters == null) {
      throw new IllegalArgumentException("meter registry must not be null");
    }
    this.meters = meters;
  }

  /**
   * A new observation registry that records into {@code meters}: a timer per observation name (Micrometer's {@link
   * DefaultMeterObservationHandler}, which tags it with the low-cardinality keys) and these GenAI metrics.
   */
  public static ObservationRegistry observationRegistry(MeterRegistry meters) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(new GenAiMeters(meters));
    return registry;
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ModelCallContext;
  }

  @Override
  public void onStart(ModelCallContext context) {
    context.put(Timer.Sample.class, Timer.start(meters));
  }

  @Override
  public void onStop(ModelCallContext context) {
    Tags tags = Tags.of(
        ObservationKeys.OPERATION_NAME, context.operation(),
        ObservationKeys.PROVIDER_NAME, context.provider(),
        ObservationKeys.REQUEST_MODEL, context.model());
    Timer.Sample sample = context.get(Timer.Sample.class);
    if (sample != null) {
      String error = context.getError() == null ? ObservationKeys.NONE : Observations.errorType(context.getError());
      sample.stop(Timer.builder(OPERATION_DURATION)
          .description("Duration of GenAI client operations")
          .tags(tags)
          .tag(ObservationKeys.ERROR_TYPE, error)
          .register(meters));
    }
    context.usage().ifPresent(usage -> recordTokens(tags, usage));
    context.cost().ifPresent(cost -> Counter.builder(COST)
        .description("Money spent on model calls, by the price table")
        .baseUnit(cost.currency().getCurrencyCode())
        .tags(tags)
        .tag("currency", cost.currency().getCurrencyCode())
        .register(meters)
        .increment(cost.amount().doubleValue()));
  }

  private void recordTokens(Tags tags, TokenUsage usage) {
    tokens(tags, "input").record(usage.inputTokens());
    tokens(tags, "output").record(usage.outputTokens());
  }

  private DistributionSummary tokens(Tags tags, String type) {
    return DistributionSummary.builder(TOKEN_USAGE)
        .description("Tokens used per GenAI client operation")
        .baseUnit("{token}")
        .tags(tags)
        .tag(TOKEN_TYPE, type)
        .register(meters);
  }
}
