package dev.quarry.examples.cli;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.TokenUsage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A chat model that adds up the tokens of every call it passes on, so that a command can report all of them: the
 * agent's own calls and those its tools make (text-to-SQL's), which the agent's trace does not see. Thread-safe if
 * the wrapped model is.
 */
final class CountingChatModel implements ChatModel {
  private final ChatModel model;
  private final AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.ZERO);

  CountingChatModel(ChatModel model) {
    this.model = model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ChatResponse response = model.chat(request);
    usage.accumulateAndGet(response.usage(), TokenUsage::plus);
    return response;
  }

  /** The tokens of every call that returned so far. */
  TokenUsage usage() {
    return usage.get();
  }
}
