package dev.quarry.vectorstore.internal.index;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The neighbour lists of an HNSW graph. The bottom layer is one int array with a fixed slot of {@code 1 + 2m} ints
 * per node (neighbour count, then neighbours), so a search walks contiguous memory; the few nodes above the bottom
 * layer keep their upper lists in small arrays of {@code 1 + m}.
 *
 * <p>Internal, not API. Concurrency: one writer at a time grows the graph ({@link #ensureCapacity}, {@link
 * #addLevels}); while {@link #building} is set, several of its inserting threads read ({@link #copy}) and change
 * lists, each under the node's striped {@link #lock}. Searches may run meanwhile and read lists without locking
 * ({@link #read}). A list's count is written with release ({@link #setCount}) after its neighbours, and read with
 * acquire, so a search sees every neighbour the count covers, and everything written before it was linked (its
 * vector and code, see {@link HnswIndex}). A list being pruned may still be read half old, half new; every id in it
 * is then a node of that level, though one whose upper lists a search cannot see yet reads as having none. The
 * arrays are volatile, so a search that finds a grown array also finds what was copied into it.
 */
final class HnswGraph {
  private static final int STRIPES = 4096;
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  private final int m;
  private final int m0;
  private final int slot;
  private final Object[] stripes = new Object[STRIPES];
  private volatile int[] layer0 = new int[0];
  /** upper[node][level - 1] = {count, neighbours...}; null for nodes on the bottom layer only. */
  private volatile int[][][] upper = new int[0][][];
  private volatile boolean building;

  HnswGraph(int m) {
    this.m = m;
    this.m0 = 2 * m;
    this.slot = 1 + m0;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /** Most neighbours a node keeps on a level: {@code 2m} on the bottom layer, {@code m} above. */
  int maxDegree(int level) {
    return level == 0 ? m0 : m;
  }

  /** Nodes there is room for. */
  int capacity() {
    return upper.length;
  }

  void ensureCapacity(int capacity) {
    if ((long) capacity * slot > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("HNSW graph limited to " + (Integer.MAX_VALUE / slot) + " nodes");
    }
    if (upper.length < capacity) {
      int grown = Math.max(capacity, upper.length + (upper.length >> 1));
      grown = (int) Math.min(grown, (Integer.MAX_VALUE - 8) / slot);
      // The bottom layer first: a search sizes its visited set by the capacity, read from the upper array.
      layer0 = Arrays.copyOf(layer0, grown * slot);
      upper = Arrays.copyOf(upper, grown);
    }
  }

  /** Marks whether concurrent inserts are running (reads then lock). */
  void building(boolean building) {
    this.building = building;
  }

  /** Gives a node empty lists on levels 1..{@code levels}; before anyone can link to it there. */
  void addLevels(int node, int levels) {
    if (levels > 0) {
      int[][] lists = new int[levels][];
      for (int l = 0; l < levels; l++) {
        lists[l] = new int[1 + m];
      }
      upper[node] = lists;
    }
  }

  /** Levels a node has above the bottom layer. */
  int levels(int node) {
    int[][] lists = upper[node];
    return lists == null ? 0 : lists.length;
  }

  /** The lock guarding a node's lists while building. */
  Object lock(int node) {
    return stripes[node & (STRIPES - 1)];
  }

  /** The array holding a node's list on a level: at {@link #offset}, the count, then the neighbours. */
  int[] array(int node, int level) {
    return level == 0 ? layer0 : upper[node][level - 1];
  }

  int offset(int node, int level) {
    return level == 0 ? node * slot : 0;
  }

  /**
   * Copies a node's neighbour list on a level into {@code into}, for a search that may run while the graph is
   * being built: never locks, so the copy may mix the list's old and new neighbours. Returns the count.
   */
  int read(int node, int level, int[] into) {
    int[] list;
    if (level == 0) {
      list = layer0;
    } else {
      int[][] lists = upper[node];
      if (lists == null || lists.length < level) {
        return 0; // a node being linked whose upper lists this thread cannot see yet
      }
      list = lists[level - 1];
    }
    int offset = offset(node, level);
    int count = Math.min((int) INTS.getAcquire(list, offset), maxDegree(level));
    System.arraycopy(list, offset + 1, into, 0, count);
    VarHandle.acquireFence(); // pairs with the builder's release before it rewrites a pruned list in place
    return count;
  }

  /** Publishes a list's count (release), after its neighbours were written. */
  static void setCount(int[] list, int offset, int count) {
    INTS.setRelease(list, offset, count);
  }

  /** Copies a node's neighbour list on a level into {@code into}; returns the count. Locks while building. */
  int copy(int node, int level, int[] into) {
    int[] list = array(node, level);
    int offset = offset(node, level);
    if (building) {
      synchronized (lock(node)) {
        int count = list[offset];
        System.arraycopy(list, offset + 1, into, 0, count);
        return count;
      }
    }
    int count = list[offset];
    System.arraycopy(list, offset + 1, into, 0, count);
    return count;
  }

  /** Reads a node's neighbour count on a level, so the list is in cache when it is copied next. */
  int touch(int node, int level) {
    return array(node, level)[offset(node, level)];
  }

  /**
   * Per node: its upper level count (byte), then per level 0..L the neighbour count (byte) and neighbours. Only
   * the first {@code size} nodes and the links among them are written: a list may also hold nodes of a batch that
   * was never published.
   */
  void write(DataOutput out, int size) throws IOException {
    int[] buffer = new int[m0];
    for (int node = 0; node < size; node++) {
      int levels = levels(node);
      out.writeByte(levels);
      for (int l = 0; l <= levels; l++) {
        int copied = copy(node, l, buffer);
        int count = 0;
        for (int i = 0; i < copied; i++) {
          if (buffer[i] < size) {
            buffer[count++] = buffer[i];
          }
        }
        out.writeByte(count);
        for (int i = 0; i < count; i++) {
          out.writeInt(buffer[i]);
        }
      }
    }
  }

  /** Reads what {@link #write} wrote for {@code size} nodes, checking counts and neighbours are in range. */
  static HnswGraph read(DataInput in, int size, int m) throws IOException {
    HnswGraph graph = new HnswGraph(m);
    graph.ensureCapacity(Math.max(size, 16));
    for (int node = 0; node < size; node++) {
      int levels = in.readUnsignedByte();
      if (levels > 30) {
        throw new IOException("node " + node + " has " + levels + " levels");
      }
      graph.addLevels(node, levels);
      for (int l = 0; l <= levels; l++) {
        int count = in.readUnsignedByte();
        if (count > graph.maxDegree(l)) {
          throw new IOException("node " + node + " has " + count + " neighbours on level " + l);
        }
        int[] list = graph.array(node, l);
        int offset = graph.offset(node, l);
        list[offset] = count;
        for (int i = 0; i < count; i++) {
          int neighbour = in.readInt();
          if (neighbour < 0 || neighbour >= size) {
            throw new IOException("node " + node + " links to " + neighbour + ", outside the graph");
          }
          list[offset + 1 + i] = neighbour;
        }
      }
    }
    return graph;
  }
}
