/**
 * A {@link dev.quarry.api.store.VectorStore} on a Chroma server: {@link
 * dev.quarry.vectorstore.chroma.ChromaVectorStore}.
 */
package dev.quarry.vectorstore.chroma;
