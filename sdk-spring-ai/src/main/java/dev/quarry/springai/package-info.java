/**
 * Bridges between Quarry and Spring AI.
 *
 * <p>Names say which way a bridge points. A {@code SpringAi...} class is a Quarry contract implemented by a Spring
 * AI object, so any model Spring AI (and Spring Boot's auto-configuration) provides plugs into Quarry: {@link
 * dev.quarry.springai.SpringAiChatModel}, {@link dev.quarry.springai.SpringAiEmbeddingModel}. A {@code Quarry...}
 * class is a Spring AI contract implemented by Quarry objects, so Spring AI code runs on Quarry's stores: {@link
 * dev.quarry.springai.QuarryVectorStore}.
 *
 * <p>Every bridge is a thin wrapper without mutable state: it is as thread-safe as the objects it wraps. The
 * mappings between the two libraries' messages, metadata, filters and failures are package-private.
 */
package dev.quarry.springai;
