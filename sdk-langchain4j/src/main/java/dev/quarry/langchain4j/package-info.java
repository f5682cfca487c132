/**
 * Two-way bridges between Quarry and LangChain4j.
 *
 * <p>Names say which way a bridge points. A {@code LangChain4j...} class is a Quarry contract implemented by a
 * LangChain4j object, so any LangChain4j provider plugs into Quarry: {@link
 * dev.quarry.langchain4j.LangChain4jChatModel}, {@link dev.quarry.langchain4j.LangChain4jEmbeddingModel}. A
 * {@code Quarry...} class is a LangChain4j contract implemented by a Quarry object, so Quarry's models, retrievers
 * and stores drive LangChain4j code: {@link dev.quarry.langchain4j.QuarryChatModel}, {@link
 * dev.quarry.langchain4j.QuarryContentRetriever}, {@link dev.quarry.langchain4j.QuarryEmbeddingStore}.
 *
 * <p>Every bridge is a thin, stateless wrapper: it is as thread-safe as the object it wraps. The mappings
 * between the two libraries' messages, tool schemas, metadata and filters are package-private.
 */
package dev.quarry.langchain4j;
