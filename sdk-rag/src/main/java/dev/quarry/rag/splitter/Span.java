package dev.quarry.rag.splitter;

/**
 * A span of the source chosen as a chunk, before surrounding whitespace is trimmed.
 *
 * @param start first char
 * @param end one past the last char
 */
record Span(int start, int end) {}
