/**
 * Retries, timeouts, circuit breakers and fallback chains around Quarry's model interfaces, on resilience4j.
 *
 * <p>A {@link dev.quarry.resilience.ResiliencePolicy} says how hard to try; {@link dev.quarry.resilience.Resilient}
 * applies it to a {@link dev.quarry.api.chat.ChatModel}, an {@link dev.quarry.api.embedding.EmbeddingModel} or a
 * {@link dev.quarry.api.rerank.Reranker}; a {@link dev.quarry.resilience.FallbackChatModel} moves on to the next chat
 * model when one fails. Each is visible in the reply's metadata and, with an observation registry, in Micrometer
 * observations.
 */
package dev.quarry.resilience;
