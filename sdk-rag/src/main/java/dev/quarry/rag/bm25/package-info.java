/**
 * Keyword search for retrieval: {@link dev.quarry.rag.bm25.Bm25Index}, Lucene's BM25 over chunks in memory or
 * in a folder, with a choice of {@link dev.quarry.rag.bm25.Bm25Analyzer} per language, metadata filters answered
 * exactly as {@link dev.quarry.api.store.Filter#matches} does, and a syncing vector store that keeps the index in
 * step with the vectors. {@code dev.quarry.rag.retrieval.Bm25Retriever} puts it behind the {@code Retriever}
 * interface.
 */
package dev.quarry.rag.bm25;
