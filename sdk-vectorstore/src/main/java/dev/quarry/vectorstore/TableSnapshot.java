package dev.quarry.vectorstore;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Metric;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.index.VectorIndex;
import dev.quarry.vectorstore.internal.index.VectorSet;
import dev.quarry.vectorstore.internal.storage.ChunkCodec;
import dev.quarry.vectorstore.internal.storage.SnapshotFile;
import dev.quarry.vectorstore.internal.storage.Strings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RecordTable} in a {@link SnapshotFile}: the live records, then an index section holding the ordinal
 * layout (each live record's ordinal, the tombstones with their vectors) and the index's own bytes. The folder,
 * generations and log around it are {@link StoreFiles}' business. Stateless.
 */
final class TableSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(TableSnapshot.class);

  private TableSnapshot() {}

  /**
   * Writes {@code table} as the snapshot of {@code generation}, atomically.
   *
   * @throws dev.quarry.api.StorageException if the file cannot be written; the old one is then left as it was
   */
  static void write(Path file, long generation, int dimension, Metric metric, RecordTable table) {
    VectorSet vectors = table.vectors();
    int ordinals = table.ordinalCount();
    byte[] indexBytes;
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(buffer);
      table.index().write(out);
      out.flush();
      indexBytes = buffer.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("writing to a byte array cannot fail", e);
    }
    SnapshotFile.Header header = new SnapshotFile.Header(
        generation, dimension, metric, table.index().kind(), table.count());
    Iterable<SnapshotFile.Stored> live = () -> new Iterator<>() {
      private int next = advance(0);

      private int advance(int from) {
        while (from < ordinals && table.chunkAt(from) == null) {
          from++;
        }
        return from;
      }

      @Override
      public boolean hasNext() {
        return next < ordinals;
      }

      @Override
      public SnapshotFile.Stored next() {
        if (next >= ordinals) {
          throw new NoSuchElementException();
        }
        SnapshotFile.Stored stored = new SnapshotFile.Stored(table.chunkAt(next), vectors.get(next));
        next = advance(next + 1);
        return stored;
      }
    };
    SnapshotFile.write(file, header, live, out -> {
      // Layout: ordinal count; each live record's ordinal; tombstones (ordinal + vector); the index bytes.
      out.writeInt(ordinals);
      for (int ord = 0; ord < ordinals; ord++) {
        if (table.chunkAt(ord) != null) {
          out.writeInt(ord);
        }
      }
      out.writeInt(ordinals - table.count());
      for (int ord = 0; ord < ordinals; ord++) {
        if (table.chunkAt(ord) == null) {
          out.writeInt(ord);
          ChunkCodec.writeFloats(out, vectors.get(ord));
        }
      }
      out.writeInt(indexBytes.length);
      out.write(indexBytes);
    });
  }

  /** The ordinal layout and raw index bytes of a snapshot's index section. */
  private record Layout(int ordinals, int[] liveOrdinals, int[] deadOrdinals, float[][] deadVectors,
      byte[] indexBytes) {}

  /**
   * Reads a snapshot back into a table, checking it holds vectors of this dimension and metric; an index stored
   * with other options than {@code indexes} asks for is rebuilt.
   */
  static RecordTable read(Path file, int dimension, Metric metric, IndexFactory indexes) {
    Path folder = file.toAbsolutePath().getParent();
    SnapshotFile.Header peek = SnapshotFile.readHeader(file);
    if (peek.dimension() != dimension || peek.metric() != metric) {
      throw new IllegalArgumentException(folder + " holds " + peek.dimension() + "-d vectors compared with "
          + peek.metric() + ", but the store was built for " + dimension + "-d with " + metric);
    }
    SnapshotFile.Contents<Layout> contents = SnapshotFile.read(file, (in, header) -> {
      int ordinals = in.readInt();
      if (ordinals < header.count() || ordinals > header.count() + (long) Integer.MAX_VALUE / 4) {
        throw new Strings.FormatException("bad ordinal count " + ordinals);
      }
      int[] live = new int[header.count()];
      for (int i = 0; i < live.length; i++) {
        live[i] = in.readInt();
        if (live[i] < 0 || live[i] >= ordinals || (i > 0 && live[i] <= live[i - 1])) {
          throw new Strings.FormatException("bad ordinal " + live[i] + " for record " + i);
        }
      }
      int deadCount = in.readInt();
      if (deadCount != ordinals - header.count()) {
        throw new Strings.FormatException("bad tombstone count " + deadCount);
      }
      int[] dead = new int[deadCount];
      float[][] deadVectors = new float[deadCount][];
      for (int i = 0; i < deadCount; i++) {
        dead[i] = in.readInt();
        if (dead[i] < 0 || dead[i] >= ordinals) {
          throw new Strings.FormatException("bad tombstone ordinal " + dead[i]);
        }
        deadVectors[i] = ChunkCodec.readFloats(in, header.dimension());
      }
      int length = in.readInt();
      if (length < 0 || length > Files.size(file)) {
        throw new Strings.FormatException("bad index section length " + length);
      }
      byte[] indexBytes = new byte[length];
      in.readFully(indexBytes);
      return new Layout(ordinals, live, dead, deadVectors, indexBytes);
    });
    Layout layout = contents.index();
    float[][] byOrdinal = new float[layout.ordinals()][];
    Chunk[] chunks = new Chunk[layout.ordinals()];
    for (int i = 0; i < layout.liveOrdinals().length; i++) {
      byOrdinal[layout.liveOrdinals()[i]] = contents.records().get(i).vector();
      chunks[layout.liveOrdinals()[i]] = contents.records().get(i).chunk();
    }
    for (int i = 0; i < layout.deadOrdinals().length; i++) {
      byOrdinal[layout.deadOrdinals()[i]] = layout.deadVectors()[i];
    }
    VectorSet vectors = new VectorSet(dimension, layout.ordinals());
    for (int ord = 0; ord < layout.ordinals(); ord++) {
      if (byOrdinal[ord] == null) {
        throw new IndexCorruptedException(file, "ordinal " + ord + " is neither a record nor a tombstone");
      }
      vectors.add(byOrdinal[ord]);
    }
    VectorIndex index;
    try {
      index = indexes.read(contents.header().indexKind(),
          new DataInputStream(new ByteArrayInputStream(layout.indexBytes())), vectors);
    } catch (IOException e) {
      throw new IndexCorruptedException(file, "bad index section: " + e.getMessage(), e);
    }
    if (index == null) {
      LOG.info("{}: the stored {} index was built with other options than {}; rebuilding it", folder,
          contents.header().indexKind(), indexes.options());
      index = indexes.create(vectors);
      index.addUpTo(vectors.size());
    }
    return new RecordTable(Similarity.of(metric), indexes, vectors, chunks, index);
  }
}
