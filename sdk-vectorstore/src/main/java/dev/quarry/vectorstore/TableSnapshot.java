package dev.quarry.vectorstore;

import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Metric;
import dev.quarry.vectorstore.internal.filter.MetadataIndex;
import dev.quarry.vectorstore.internal.filter.PostingsCodec;
import dev.quarry.vectorstore.internal.index.CodeRows;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.index.VectorIndex;
import dev.quarry.vectorstore.internal.index.VectorSet;
import dev.quarry.vectorstore.internal.storage.ChunkCodec;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import dev.quarry.vectorstore.internal.storage.SnapshotFile;
import dev.quarry.vectorstore.internal.storage.Strings;
import dev.quarry.vectorstore.internal.storage.VectorFile;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RecordTable} in a {@link SnapshotFile} and its {@link VectorFile}: the snapshot holds the live records'
 * chunks, then an index section with the ordinal layout (each live record's ordinal, then the tombstones'
 * ordinals), the index's own bytes and (since version 4) the metadata bitmaps ({@link PostingsCodec}); the vector
 * file holds every ordinal's vector and the index's int8 codes, which are memory-mapped on open. A version 2
 * snapshot (vectors inline, tombstones with their vectors) is still read, onto the heap; a version 3 one has no
 * bitmaps, which are built from the records. The folder, generations and log around them are {@link StoreFiles}'
 * business. Stateless.
 */
final class TableSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(TableSnapshot.class);

  private TableSnapshot() {}

  /**
   * Writes {@code table} as the vector file of {@code generation}, maps it back (for {@link
   * RecordTable#moveOffHeap}, once the checkpoint is complete), then writes the snapshot; each file atomically. A
   * failure before the snapshot is in place leaves only a vector file no snapshot refers to.
   *
   * @throws dev.quarry.api.StorageException if a file cannot be written; the old snapshot is then left as it was
   */
  static VectorFile.Mapped write(Path file, Path vectorFile, long generation, int dimension, Metric metric,
      RecordTable table) {
    VectorSet vectors = table.vectors();
    int ordinals = table.ordinalCount();
    // Each section is written twice, once to count its bytes (for its length prefix) and once into the file, so
    // a large graph is never one array on the heap. Writers are excluded, so both passes write the same bytes.
    SnapshotFile.SectionWriter indexSection = table.index()::write;
    SnapshotFile.SectionWriter metadataSection = out -> PostingsCodec.write(out, table.metadata());
    int indexLength = length(indexSection);
    int metadataLength = length(metadataSection);
    CodeRows codes = table.index().codes();
    boolean withCodes = codes != null && codes.size() == ordinals;
    long checksum = VectorFile.write(vectorFile, generation, dimension, ordinals, vectors::writeRow,
        withCodes ? codes.codeBytes() : 0, withCodes ? codes::writeRow : null);
    VectorFile.Mapped mapped = VectorFile.mapWritten(vectorFile, generation, dimension, ordinals, checksum);
    SnapshotFile.Header header = new SnapshotFile.Header(
        generation, dimension, metric, table.index().kind(), table.count(), checksum);
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
        SnapshotFile.Stored stored = new SnapshotFile.Stored(table.chunkAt(next), null);
        next = advance(next + 1);
        return stored;
      }
    };
    SnapshotFile.write(file, header, live, out -> {
      // Layout: ordinal count; each live record's ordinal; tombstone ordinals; the index bytes; the metadata index.
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
        }
      }
      writeSection(out, indexSection, indexLength, "index");
      writeSection(out, metadataSection, metadataLength, "metadata");
    });
    return mapped;
  }

  /** How many bytes {@code section} writes (at most 2 GiB: the length prefix is an int). */
  private static int length(SnapshotFile.SectionWriter section) {
    CountingOutput counter = new CountingOutput(null);
    try {
      section.write(new DataOutputStream(counter));
    } catch (IOException e) {
      throw new IllegalStateException("counting bytes cannot fail", e);
    }
    if (counter.count > Integer.MAX_VALUE) {
      throw new IllegalStateException("a snapshot section of " + counter.count + " bytes passes 2 GiB");
    }
    return (int) counter.count;
  }

  /** Writes a section's length, then the section, checking it wrote that many bytes. */
  private static void writeSection(DataOutput out, SnapshotFile.SectionWriter section, int length, String name)
      throws IOException {
    out.writeInt(length);
    CountingOutput counter = new CountingOutput(out);
    DataOutputStream forward = new DataOutputStream(counter);
    section.write(forward);
    forward.flush();
    if (counter.count != length) {
      throw new IllegalStateException("the " + name + " section wrote " + counter.count + " bytes, then " + length);
    }
  }

  /** Counts the bytes written to it, passing them on to {@code target} (none: keeps nothing). */
  private static final class CountingOutput extends OutputStream {
    private final DataOutput target;
    long count;

    CountingOutput(DataOutput target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      if (target != null) {
        target.write(b);
      }
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (target != null) {
        target.write(b, off, len);
      }
      count += len;
    }
  }

  /**
   * The ordinal layout and raw index bytes of a snapshot's index section; tombstone vectors in version 2 only, the
   * metadata index's bytes since version 4 (else null).
   */
  private record Layout(int ordinals, int[] liveOrdinals, int[] deadOrdinals, float[][] deadVectors,
      byte[] indexBytes, byte[] metadataBytes) {}

  /**
   * What {@link #read} gives: the table, and why it should be written again at once (its snapshot is of an older
   * version, or its index or metadata bitmaps were built again for other options), or null.
   */
  record Read(RecordTable table, String rewriteBecause) {}

  /**
   * Reads a snapshot and its vector file back into a table, checking it holds vectors of this dimension and
   * metric; an index stored with other options than {@code indexes} asks for is rebuilt.
   */
  static Read read(Path file, Path vectorFile, int dimension, Metric metric, IndexFactory indexes) {
    Path folder = file.toAbsolutePath().getParent();
    SnapshotFile.Header peek = SnapshotFile.readHeader(file);
    if (peek.dimension() != dimension || peek.metric() != metric) {
      throw new IllegalArgumentException(folder + " holds " + peek.dimension() + "-d vectors compared with "
          + peek.metric() + ", but the store was built for " + dimension + "-d with " + metric);
    }
    SnapshotFile.Contents<Layout> contents = SnapshotFile.read(file, (in, header) -> readLayout(in, header, file));
    SnapshotFile.Header header = contents.header();
    Layout layout = contents.index();
    Chunk[] chunks = new Chunk[layout.ordinals()];
    for (int i = 0; i < layout.liveOrdinals().length; i++) {
      chunks[layout.liveOrdinals()[i]] = contents.records().get(i).chunk();
    }
    VectorSet vectors;
    MappedRows codes = MappedRows.EMPTY;
    if (header.inlineVectors()) {
      vectors = inlineVectors(file, dimension, contents, layout);
    } else {
      VectorFile.Mapped mapped = VectorFile.map(vectorFile, header.generation(), dimension, layout.ordinals(),
          header.vectorChecksum());
      vectors = VectorSet.mapped(dimension, mapped.vectors(), folder);
      codes = mapped.codes();
    }
    VectorIndex index;
    try {
      index = indexes.read(header.indexKind(), new DataInputStream(new ByteArrayInputStream(layout.indexBytes())),
          vectors, codes);
    } catch (IOException e) {
      throw new IndexCorruptedException(file, "bad index section: " + e.getMessage(), e);
    }
    String rewrite = header.version() < SnapshotFile.VERSION
        ? "its snapshot is of format " + header.version() + ", older than " + SnapshotFile.VERSION : null;
    if (index == null) {
      LOG.info("{}: the stored {} index was built with other options than {}; rebuilding it", folder,
          header.indexKind(), indexes.options());
      index = indexes.create(vectors);
      index.addUpTo(vectors.size());
      rewrite = "its index was rebuilt with other options";
    }
    MetadataIndex metadata = metadataIndex(file, folder, layout, indexes);
    if (metadata == null && layout.metadataBytes() != null) {
      rewrite = "its metadata bitmaps were built for other keys";
    }
    return new Read(new RecordTable(Similarity.of(metric), indexes, vectors, chunks, index, metadata), rewrite);
  }

  /**
   * The snapshot's metadata index, or null when the table should build one from its records: a snapshot older
   * than version 4, or one that indexed other keys than {@code indexes} asks for.
   */
  private static MetadataIndex metadataIndex(Path file, Path folder, Layout layout, IndexFactory indexes) {
    if (layout.metadataBytes() == null) {
      return null;
    }
    MetadataIndex stored;
    try {
      stored = PostingsCodec.read(new DataInputStream(new ByteArrayInputStream(layout.metadataBytes())),
          layout.metadataBytes().length, layout.ordinals(), layout.liveOrdinals());
    } catch (IOException e) {
      throw new IndexCorruptedException(file, "bad metadata index: " + e.getMessage(), e);
    }
    if (!indexes.accepts(stored)) {
      LOG.info("{}: the stored metadata bitmaps follow {}, not {}; building them again", folder,
          MetadataIndexing.of(stored), indexes.metadata());
      return null;
    }
    return stored;
  }

  private static Layout readLayout(DataInput in, SnapshotFile.Header header, Path file) throws IOException {
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
    float[][] deadVectors = header.inlineVectors() ? new float[deadCount][] : null;
    for (int i = 0; i < deadCount; i++) {
      dead[i] = in.readInt();
      if (dead[i] < 0 || dead[i] >= ordinals) {
        throw new Strings.FormatException("bad tombstone ordinal " + dead[i]);
      }
      if (deadVectors != null) {
        deadVectors[i] = ChunkCodec.readFloats(in, header.dimension());
      }
    }
    BitSet seen = new BitSet(ordinals);
    for (int ord : live) {
      seen.set(ord);
    }
    for (int ord : dead) {
      if (seen.get(ord)) {
        throw new Strings.FormatException("ordinal " + ord + " is listed twice");
      }
      seen.set(ord);
    }
    int length = in.readInt();
    if (length < 0 || length > Files.size(file)) {
      throw new Strings.FormatException("bad index section length " + length);
    }
    byte[] indexBytes = new byte[length];
    in.readFully(indexBytes);
    byte[] metadataBytes = null;
    if (header.version() >= SnapshotFile.METADATA_INDEX) {
      int metadataLength = in.readInt();
      if (metadataLength < 0 || metadataLength > Files.size(file)) {
        throw new Strings.FormatException("bad metadata index length " + metadataLength);
      }
      metadataBytes = new byte[metadataLength];
      in.readFully(metadataBytes);
    }
    return new Layout(ordinals, live, dead, deadVectors, indexBytes, metadataBytes);
  }

  /** The vectors of a version 2 snapshot, which holds them itself: onto the heap, by ordinal. */
  private static VectorSet inlineVectors(Path file, int dimension, SnapshotFile.Contents<Layout> contents,
      Layout layout) {
    float[][] byOrdinal = new float[layout.ordinals()][];
    for (int i = 0; i < layout.liveOrdinals().length; i++) {
      byOrdinal[layout.liveOrdinals()[i]] = contents.records().get(i).vector();
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
    return vectors;
  }
}
