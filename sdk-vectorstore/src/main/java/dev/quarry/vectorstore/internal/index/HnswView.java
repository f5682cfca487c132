package dev.quarry.vectorstore.internal.index;

/**
 * What searches of an {@link HnswIndex} see: the first {@code size} nodes, entered at {@code entry} (level and node
 * packed as {@code level << 32 | node}, -1 when empty), ranked on {@code codes} when they are set. Published as a
 * whole once a batch is linked, so a search never meets a node of a batch still being linked.
 *
 * <p>Internal, not API. Immutable.
 */
record HnswView(int size, long entry, Int8Codes codes) {
  static final HnswView EMPTY = new HnswView(0, -1, null);

  int entryNode() {
    return (int) entry;
  }

  int topLevel() {
    return (int) (entry >>> 32);
  }

  static long pack(int level, int node) {
    return ((long) level << 32) | (node & 0xffffffffL);
  }
}
