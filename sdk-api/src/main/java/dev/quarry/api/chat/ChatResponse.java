package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonNull;

/**
 * A chat model's reply.
 *
 * <p>Immutable and thread-safe.
 *
 * @param message what the model said
 * @param usage tokens consumed, {@link TokenUsage#ZERO} when the provider does not report them
 * @param finishReason why generation stopped
 */
public record ChatResponse(AssistantMessage message, TokenUsage usage, FinishReason finishReason) {
  public ChatResponse {
    requireNonNull(message, "response message");
    requireNonNull(usage, "response usage");
    requireNonNull(finishReason, "response finish reason");
  }
}
