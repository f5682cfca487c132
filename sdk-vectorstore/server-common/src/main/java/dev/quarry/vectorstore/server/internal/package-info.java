/**
 * What Quarry's server adapters (Chroma, Qdrant, Milvus) share: {@link
 * dev.quarry.vectorstore.server.internal.RecordPayload} (a chunk's document id, offsets and exactly typed metadata as
 * one ASCII JSON string), {@link dev.quarry.vectorstore.server.internal.FilterTokens} (the equality tokens and
 * numeric keys a record carries so that a server's filter can select by any metadata value) and {@link
 * dev.quarry.vectorstore.server.internal.CandidateFilter} (a {@code Filter} narrowed to a server's filter language,
 * finished with {@code Filter.matches}). Internal: not for applications, and it may change in any release.
 */
package dev.quarry.vectorstore.server.internal;
