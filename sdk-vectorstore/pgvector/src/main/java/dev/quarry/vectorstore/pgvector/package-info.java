/**
 * A {@link dev.quarry.api.store.VectorStore} on PostgreSQL with pgvector: {@link
 * dev.quarry.vectorstore.pgvector.PgVectorStore}.
 */
package dev.quarry.vectorstore.pgvector;
