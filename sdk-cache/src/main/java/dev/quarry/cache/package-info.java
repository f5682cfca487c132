/**
 * Caches of embeddings. {@link dev.quarry.cache.CachingEmbeddingModel} puts a cache in front of any {@link
 * dev.quarry.api.embedding.EmbeddingModel}, in memory and optionally in a folder, so that re-ingesting unchanged
 * documents embeds nothing.
 */
package dev.quarry.cache;
