/**
 * The embedded default stack in one object: {@link dev.quarry.Quarry} opens a folder (or memory), embeds with a
 * bundled ONNX model, keeps a persistent HNSW vector store and a BM25 keyword index in step, and gives ingest,
 * search (dense, keyword or hybrid) and question answering with citations.
 */
package dev.quarry;
