package dev.quarry.resilience;

import static dev.quarry.resilience.Checks.requireNonNull;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.rerank.Reranker;

/**
 * Wraps a chat model, an embedding model or a reranker so that its calls go through a {@link ResiliencePolicy}:
 * retried with back-off, bounded by a timeout, cut off by a circuit breaker.
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.builder("openai").observationRegistry(registry).build();
 * ChatModel chat = Resilient.chatModel(openAi, policy);
 * ChatResponse reply = chat.chat(request);
 * reply.metadata().get(ChatResponse.ATTEMPTS); // "1", or more after retries
 * }</pre>
 *
 * <p>Wrap a model once and share the wrapper: each wrapper has its own circuit breaker, which only sees the calls
 * made through it. A wrapper throws what the model threw (the last failure, with the earlier ones of the call
 * suppressed), a {@link CallTimeoutException} or a {@link CircuitOpenException}; an argument the model's interface
 * forbids to be null is rejected with an {@link IllegalArgumentException} before any attempt. A caller interrupted
 * while it waits for an attempt or for the next one gets a {@link dev.quarry.api.QuarryException}, its interrupt
 * flag set again, and no further attempt is made.
 *
 * <p>With an {@linkplain ResiliencePolicy.Builder#observationRegistry observation registry}, each call is observed
 * as {@code quarry.resilience}, a child of the caller's current observation and the parent of what the model
 * observes, with:
 *
 * <ul>
 *   <li>low-cardinality {@code quarry.resilience.policy} (the policy's name), {@code quarry.resilience.operation}
 *       ({@code chat}, {@code embed_documents}, {@code embed_query}, {@code rerank}), {@code
 *       quarry.resilience.outcome} ({@code success}, {@code success_after_retry}, {@code failure}, {@code
 *       circuit_open}, {@code timeout}) and {@code error.type} (the simple class name of the failure thrown, {@code
 *       none} on success);
 *   <li>high-cardinality {@code quarry.attempts};
 *   <li>an event {@code quarry.retry} for each retry, saying which failure it follows and how long it waits.
 * </ul>
 *
 * <p>Stateless and thread-safe; the wrappers are thread-safe if the models they wrap are.
 */
public final class Resilient {
  private Resilient() {}

  /**
   * {@code model}, its calls going through {@code policy}; each reply gains {@link ChatResponse#ATTEMPTS}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static ChatModel chatModel(ChatModel model, ResiliencePolicy policy) {
    return new ResilientChatModel(requireNonNull(model, "chat model"), requireNonNull(policy, "policy"));
  }

  /**
   * {@code model}, its {@code embedDocuments} and {@code embedQuery} calls going through {@code policy}; {@code
   * dimension()} and {@code tokenWindow()} are the model's own, asked directly.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static EmbeddingModel embeddingModel(EmbeddingModel model, ResiliencePolicy policy) {
    return new ResilientEmbeddingModel(requireNonNull(model, "embedding model"), requireNonNull(policy, "policy"));
  }

  /**
   * {@code reranker}, its calls going through {@code policy}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static Reranker reranker(Reranker reranker, ResiliencePolicy policy) {
    return new ResilientReranker(requireNonNull(reranker, "reranker"), requireNonNull(policy, "policy"));
  }
}
