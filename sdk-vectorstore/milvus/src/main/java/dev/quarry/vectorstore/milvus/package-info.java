/**
 * A {@link dev.quarry.api.store.VectorStore} on a Milvus server, through the official Java SDK's v2 client: {@link
 * dev.quarry.vectorstore.milvus.MilvusVectorStore}.
 */
package dev.quarry.vectorstore.milvus;
