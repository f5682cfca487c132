/**
 * Document splitters: cut a {@link dev.quarry.api.document.Document} into {@link
 * dev.quarry.api.document.Chunk}s that fit an embedding model's input and can be cited exactly.
 *
 * <p>Every splitter here keeps the same promises, so they can be swapped freely:
 *
 * <ul>
 *   <li>a chunk's text is an exact substring of the document, {@code text.substring(startOffset, endOffset)},
 *       with leading and trailing whitespace left out, and never only whitespace;
 *   <li>no chunk measures more than the configured {@code chunkSize} (chars by default, or tokens);
 *   <li>chunks come in document order, their starts never decrease, each adds text the previous one did not
 *       have, and together they hold every non-whitespace char of the document;
 *   <li>consecutive chunks share at most {@code chunkOverlap}; each splitter's Javadoc says where the shared
 *       text may start.
 * </ul>
 *
 * <p>Chunk ids are {@code documentId + "#" + index}; chunk metadata is the document's plus {@value
 * dev.quarry.rag.splitter.DocumentSplitter#CHUNK_INDEX}. All splitters are immutable and thread-safe.
 */
package dev.quarry.rag.splitter;
