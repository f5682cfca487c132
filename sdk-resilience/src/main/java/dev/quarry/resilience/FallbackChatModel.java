package dev.quarry.resilience;

import static dev.quarry.resilience.Checks.requireNonBlank;
import static dev.quarry.resilience.Checks.requireNonNull;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.observation.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of chat models tried in order until one answers: a primary model, then its fallbacks.
 *
 * <pre>{@code
 * ChatModel chat = FallbackChatModel.builder()
 *     .then("gpt-4o", Resilient.chatModel(openAi, openAiPolicy))
 *     .then("local-llama", Resilient.chatModel(ollama, ollamaPolicy))
 *     .build();
 * }</pre>
 *
 * <p>The next model is tried when one fails with a {@link RetriableException} (a timeout, an open circuit breaker,
 * retries used up) or a {@link NonRetriableException} (the provider refused: a missing model, a bad key, a filtered
 * prompt), which another provider may not share. Any other failure is thrown at once: an {@link
 * IllegalArgumentException} is the caller's mistake and every model would refuse it, and other exceptions (an
 * interrupt, a bug) are not the provider's. Wrap each model in its own {@link Resilient} policy to retry it before
 * falling back.
 *
 * <p>The reply's metadata gains {@link ChatResponse#MODEL}, the name the answering model was given here (unless its
 * reply already names its model, as an observed model's does), and, when a fallback answered, {@link
 * ChatResponse#FALLBACK_REASON}: the simple class name of the failure of the model tried just before it. When every
 * model fails, the last failure is thrown with the earlier ones suppressed.
 *
 * <p>With an {@linkplain Builder#observationRegistry observation registry} each call is observed as {@code
 * quarry.fallback}, with low-cardinality {@code quarry.fallback.model} (the answering model's name, {@code none}
 * when none answered) and {@code error.type}, and an event {@code quarry.fallback.skip} for each model that failed.
 *
 * <p>There is deliberately no such chain for embedding models: vectors of two models are not comparable.
 *
 * <p>Immutable and thread-safe if the models are.
 */
public final class FallbackChatModel implements ChatModel {
  private final List<Link> links;
  private final ObservationRegistry registry;

  private FallbackChatModel(Builder b) {
    this.links = List.copyOf(b.links);
    this.registry = b.registry;
  }

  /** Starts an empty chain; add the primary model first. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The reply of the first model of the chain that answers.
   *
   * @throws IllegalArgumentException if {@code request} is null, or a model says it is invalid
   * @throws RuntimeException the last model's failure when every model failed, or the first failure that is not
   *     worth falling back on
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    requireNonNull(request, "chat request");
    Observation observation = ResilienceObservations.startFallback(registry);
    try {
      Answer answer = ResilienceObservations.inScope(observation, () -> firstAnswer(request, observation));
      ResilienceObservations.answered(observation, answer.link().name());
      return answer.response();
    } catch (RuntimeException | Error e) {
      ResilienceObservations.noneAnswered(observation, e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  private Answer firstAnswer(ChatRequest request, Observation observation) {
    List<RuntimeException> failures = new ArrayList<>();
    for (Link link : links) {
      ChatResponse response;
      try {
        response = link.model().chat(request);
      } catch (RetriableException | NonRetriableException e) {
        failures.add(e);
        ResilienceObservations.skipped(observation, link.name(), e);
        continue;
      }
      if (response == null) {
        throw new IllegalStateException("chat model " + link.name() + " returned null instead of a response");
      }
      if (!response.metadata().containsKey(ChatResponse.MODEL)) {
        response = response.withMetadata(ChatResponse.MODEL, link.name());
      }
      if (!failures.isEmpty()) {
        response = response.withMetadata(ChatResponse.FALLBACK_REASON, Observations.errorType(failures.getLast()));
      }
      return new Answer(link, response);
    }
    throw Failures.lastWithEarlier(failures);
  }

  @Override
  public String toString() {
    return "FallbackChatModel" + links.stream().map(Link::name).toList();
  }

  /** A named model of the chain. */
  private record Link(String name, ChatModel model) {}

  /** The reply of the model that answered. */
  private record Answer(Link link, ChatResponse response) {}

  /** Collects the models of a {@link FallbackChatModel}, in the order they are tried. Not thread-safe. */
  public static final class Builder {
    private final List<Link> links = new ArrayList<>();
    private ObservationRegistry registry = ObservationRegistry.NOOP;

    private Builder() {}

    /**
     * Next, try {@code model}, called {@code name} in the reply's metadata and in observations.
     *
     * @param name the model's name, unique within the chain; a low-cardinality value such as {@code gpt-4o}
     * @throws IllegalArgumentException if {@code name} is null, blank or already in the chain, or {@code model} is
     *     null
     */
    public Builder then(String name, ChatModel model) {
      requireNonBlank(name, "model name");
      requireNonNull(model, "chat model '" + name + "'");
      if (links.stream().anyMatch(link -> link.name().equals(name))) {
        throw new IllegalArgumentException("model name '" + name + "' is used twice in the fallback chain");
      }
      links.add(new Link(name, model));
      return this;
    }

    /** Where calls are observed; {@link ObservationRegistry#NOOP}, nothing, by default. */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.registry = requireNonNull(registry, "observationRegistry");
      return this;
    }

    /**
     * Returns the chain.
     *
     * @throws IllegalStateException if no model was added
     */
    public FallbackChatModel build() {
      if (links.isEmpty()) {
        throw new IllegalStateException("a fallback chain needs at least one model: call then(name, model)");
      }
      return new FallbackChatModel(this);
    }
  }
}
