package dev.quarry.rag.splitter;

/**
 * A span of the source that the packer never cuts: chunks end only where pieces end.
 *
 * @param start first char
 * @param end one past the last char
 * @param length the span's measure in the splitter's unit (chars or tokens)
 */
record Piece(int start, int end, int length) {}
