package dev.quarry.examples.spring;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.TokenUsage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A chat model that adds the tokens of every reply to the meter of the request that caused it, so that one
 * assistant question reports all its tokens: the agent's calls and those that {@code query_database} makes to
 * write SQL, which the agent's trace does not see. The meter travels to the threads the agent starts for its model
 * calls and tools (new threads inherit it); work outside {@link #metered} is not counted.
 *
 * <p>Thread-safe, if the model is.
 */
final class MeteredChatModel implements ChatModel {
  private static final InheritableThreadLocal<AtomicReference<TokenUsage>> METER = new InheritableThreadLocal<>();

  private final ChatModel model;

  MeteredChatModel(ChatModel model) {
    this.model = model;
  }

  /** Runs {@code work} on this thread and returns its result with the tokens of every reply it caused. */
  static <T> Metered<T> metered(Supplier<T> work) {
    AtomicReference<TokenUsage> meter = new AtomicReference<>(TokenUsage.ZERO);
    AtomicReference<TokenUsage> outer = METER.get();
    METER.set(meter);
    try {
      T result = work.get();
      return new Metered<>(result, meter.get());
    } finally {
      if (outer == null) {
        METER.remove();
      } else {
        METER.set(outer);
      }
    }
  }

  /** A result and the tokens spent on it. */
  record Metered<T>(T result, TokenUsage usage) {}

  @Override
  public ChatResponse chat(ChatRequest request) {
    ChatResponse response = model.chat(request);
    AtomicReference<TokenUsage> meter = METER.get();
    if (meter != null && response != null) {
      meter.accumulateAndGet(response.usage(), TokenUsage::plus);
    }
    return response;
  }

  @Override
  public String toString() {
    return "Metered[" + model + "]";
  }
}
