/** The reranker contract: relevance of passages to a query, read together. */
package dev.quarry.api.rerank;
