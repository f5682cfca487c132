package dev.quarry.resilience;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A <b>test double</b>: a chat model that fails its first {@code failures} calls, each with a fresh exception from
 * {@code failure} (given the call's number, from 1), then answers "call N" to every call. Counts its calls.
 * Thread-safe.
 */
final class FlakyChatModel implements ChatModel {
  private final int failures;
  private final IntFunction<RuntimeException> failure;
  private final AtomicInteger calls = new AtomicInteger();

  FlakyChatModel(int failures, IntFunction<RuntimeException> failure) {
    this.failures = failures;
    this.failure = failure;
  }

  /** A model that always fails with {@code failure}. */
  static FlakyChatModel failingWith(IntFunction<RuntimeException> failure) {
    return new FlakyChatModel(Integer.MAX_VALUE, failure);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    int call = calls.incrementAndGet();
    if (call <= failures) {
      throw failure.apply(call);
    }
    return reply("call " + call);
  }

  /** Calls received so far. */
  int calls() {
    return calls.get();
  }

  static ChatResponse reply(String text) {
    return new ChatResponse(AssistantMessage.of(text), new TokenUsage(3, 2), FinishReason.STOP);
  }
}
