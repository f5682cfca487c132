package dev.quarry.observation;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;

/**
 * A chat model whose every call is observed as {@link ObservationNames#MODEL_CALL} with {@code
 * gen_ai.operation.name=chat}, the provider and model, the finish reason, the token usage and, with a {@link
 * PriceTable}, the cost. The reply's metadata gains {@link ChatResponse#MODEL} (unless the model set it) so that
 * an answer can name the model that wrote it.
 *
 * <pre>{@code
 * ChatModel chat = ObservedChatModel.builder(openAi, registry).provider("openai").model("gpt-4o-mini")
 *     .prices(prices).build();
 * }</pre>
 *
 * <p>Thread-safe if the delegate is.
 */
public final class ObservedChatModel implements ChatModel {
  private final ChatModel delegate;
  private final ObservationRegistry registry;
  private final String provider;
  private final String model;
  private final Optional<PriceTable> prices;

  private ObservedChatModel(Builder b) {
    this.delegate = b.delegate;
    this.registry = b.registry;
    this.provider = b.provider;
    this.model = b.model;
    this.prices = b.prices;
  }

  /** Starts wrapping {@code delegate}, observed in {@code registry}. */
  public static Builder builder(ChatModel delegate, ObservationRegistry registry) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("chat model and observation registry must not be null");
    }
    return new Builder(delegate, registry);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    ModelCallContext context = new ModelCallContext("chat", provider, model);
    Observation observation = ModelCalls.observation(context, registry);
    request.maxOutputTokens().ifPresent(max ->
        observation.highCardinalityKeyValue(ObservationKeys.REQUEST_MAX_TOKENS, Integer.toString(max)));
    ChatResponse response = Observations.observe(observation, () -> {
      ChatResponse reply = delegate.chat(request);
      if (reply == null) {
        throw new IllegalStateException("chat model " + model + " returned null instead of a response");
      }
      context.usage(reply.usage());
      observation.lowCardinalityKeyValue(
          ObservationKeys.RESPONSE_FINISH_REASONS, reply.finishReason().name().toLowerCase(java.util.Locale.ROOT));
      observation.highCardinalityKeyValue(
          ObservationKeys.USAGE_INPUT_TOKENS, Integer.toString(reply.usage().inputTokens()));
      observation.highCardinalityKeyValue(
          ObservationKeys.USAGE_OUTPUT_TOKENS, Integer.toString(reply.usage().outputTokens()));
      prices.flatMap(table -> table.cost(model, reply.usage())).ifPresent(cost -> {
        context.cost(cost);
        observation.highCardinalityKeyValue(ObservationKeys.COST, cost.toString());
        CostingContext.addToNearest(context, cost);
      });
      return reply;
    });
    return response.metadata().containsKey(ChatResponse.MODEL)
        ? response : response.withMetadata(ChatResponse.MODEL, model);
  }

  @Override
  public String toString() {
    return "ObservedChatModel[" + provider + "/" + model + ", " + delegate + "]";
  }

  /** Options of an {@link ObservedChatModel}. Not thread-safe. */
  public static final class Builder {
    private final ChatModel delegate;
    private final ObservationRegistry registry;
    private String provider = "unknown";
    private String model = "unknown";
    private Optional<PriceTable> prices = Optional.empty();

    private Builder(ChatModel delegate, ObservationRegistry registry) {
      this.delegate = delegate;
      this.registry = registry;
    }

    /** Who serves the model ({@code openai}, {@code ollama}, ...); {@code unknown} unless set. */
    public Builder provider(String provider) {
      this.provider = ModelCalls.requireName(provider, "provider");
      return this;
    }

    /** The model's name, as the provider knows it; {@code unknown} unless set. */
    public Builder model(String model) {
      this.model = ModelCalls.requireName(model, "model");
      return this;
    }

    /** Prices the calls; none unless set. */
    public Builder prices(PriceTable prices) {
      if (prices == null) {
        throw new IllegalArgumentException("price table must not be null");
      }
      this.prices = Optional.of(prices);
      return this;
    }

    /** The observed model. */
    public ObservedChatModel build() {
      return new ObservedChatModel(this);
    }
  }
}
