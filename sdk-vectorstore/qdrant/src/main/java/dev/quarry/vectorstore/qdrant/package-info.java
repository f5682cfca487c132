/**
 * A {@link dev.quarry.api.store.VectorStore} on a Qdrant server: {@link
 * dev.quarry.vectorstore.qdrant.QdrantVectorStore}.
 */
package dev.quarry.vectorstore.qdrant;
