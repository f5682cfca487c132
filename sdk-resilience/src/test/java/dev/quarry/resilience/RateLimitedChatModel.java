package dev.quarry.resilience;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A <b>test double</b>: a chat model that refuses its first {@code refusals} calls the way a rate-limited provider
 * does, with a {@link RetriableException} that asks to wait {@code retryAfter} (an HTTP {@code Retry-After}), then
 * answers "call N". Counts its calls. Thread-safe.
 */
final class RateLimitedChatModel implements ChatModel {
  private final int refusals;
  private final Duration retryAfter;
  private final AtomicInteger calls = new AtomicInteger();

  RateLimitedChatModel(int refusals, Duration retryAfter) {
    this.refusals = refusals;
    this.retryAfter = retryAfter;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    int call = calls.incrementAndGet();
    if (call <= refusals) {
      throw new RetriableException("429 Too Many Requests", null, retryAfter);
    }
    return FlakyChatModel.reply("call " + call);
  }

  int calls() {
    return calls.get();
  }
}
