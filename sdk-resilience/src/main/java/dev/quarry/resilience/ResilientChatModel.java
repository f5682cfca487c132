package dev.quarry.resilience;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;

/**
 * A chat model whose calls go through a {@link ResiliencePolicy}; its replies say in {@link ChatResponse#ATTEMPTS}
 * how many attempts they took. Made by {@link Resilient#chatModel}.
 *
 * <p>Thread-safe if the delegate is.
 */
final class ResilientChatModel implements ChatModel {
  private final ChatModel delegate;
  private final Guard guard;

  ResilientChatModel(ChatModel delegate, ResiliencePolicy policy) {
    this.delegate = delegate;
    this.guard = new Guard(policy);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Checks.requireNonNull(request, "chat request");
    Attempted<ChatResponse> reply = guard.call(Operation.CHAT, () -> {
      ChatResponse response = delegate.chat(request);
      if (response == null) {
        throw new IllegalStateException("chat model " + delegate + " returned null instead of a response");
      }
      return response;
    });
    return reply.result().withMetadata(ChatResponse.ATTEMPTS, Integer.toString(reply.attempts()));
  }

  Guard guard() {
    return guard;
  }

  @Override
  public String toString() {
    return "ResilientChatModel[" + guard + ", " + delegate + "]";
  }
}
