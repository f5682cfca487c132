package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat model's reply.
 *
 * <p>Immutable and thread-safe.
 *
 * @param message what the model said
 * @param usage tokens consumed, {@link TokenUsage#ZERO} when the provider does not report them
 * @param finishReason why generation stopped
 * @param metadata what the model, or a wrapper around it, reports about the call, by key: which model of a
 *     fallback chain answered ({@link #MODEL}), how many attempts it took ({@link #ATTEMPTS}), ...; keys and values
 *     are non-blank text, in the order they were added
 */
public record ChatResponse(
    AssistantMessage message, TokenUsage usage, FinishReason finishReason, Map<String, String> metadata) {

  /** The metadata key naming the model that wrote the reply, as its wrapper was told (e.g. {@code gpt-4o-mini}). */
  public static final String MODEL = "quarry.model";

  /** The metadata key counting the calls made for this reply, retries included ({@code 1} without retries). */
  public static final String ATTEMPTS = "quarry.attempts";

  /** The metadata key naming why a fallback answered: the failure type of the model before it. */
  public static final String FALLBACK_REASON = "quarry.fallback.reason";

  public ChatResponse {
    requireNonNull(message, "response message");
    requireNonNull(usage, "response usage");
    requireNonNull(finishReason, "response finish reason");
    requireNonNull(metadata, "response metadata");
    metadata.forEach((key, value) -> {
      if (key == null || key.isBlank() || value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "response metadata keys and values must be non-blank text, was " + key + "=" + value);
      }
    });
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A reply without metadata. */
  public ChatResponse(AssistantMessage message, TokenUsage usage, FinishReason finishReason) {
    this(message, usage, finishReason, Map.of());
  }

  /** This reply with {@code key} set to {@code value} in its metadata (replacing an earlier value). */
  public ChatResponse withMetadata(String key, String value) {
    Map<String, String> merged = new LinkedHashMap<>(metadata);
    merged.put(key, value);
    return new ChatResponse(message, usage, finishReason, merged);
  }
}
