package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The binary form of a {@link Chunk} and of a vector, shared by the write-ahead log and the snapshot.
 *
 * <p>A chunk is its id, document id and text (each see {@link Strings}), its metadata (see {@link MetadataCodec}),
 * then its start and end offsets (ints). A vector is its floats, big-endian, with no length: the reader knows the
 * dimension. Vectors move as one bulk byte array, not float by float, so a snapshot of hundreds of thousands of
 * vectors loads at the speed of the disk.
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public final class ChunkCodec {
  private ChunkCodec() {}

  public static void write(DataOutput out, Chunk chunk) throws IOException {
    Strings.write(out, chunk.id());
    Strings.write(out, chunk.documentId());
    Strings.write(out, chunk.text());
    MetadataCodec.write(out, chunk.metadata());
    out.writeInt(chunk.startOffset());
    out.writeInt(chunk.endOffset());
  }

  /**
   * Reads a chunk whose lengths must not exceed {@code limit} (the size of the file or record it is read from).
   *
   * @throws Strings.FormatException if the bytes cannot be a valid chunk (a blank id, bad offsets, bad lengths)
   */
  public static Chunk read(DataInput in, long limit) throws IOException {
    String id = Strings.read(in, limit);
    String documentId = Strings.read(in, limit);
    String text = Strings.read(in, limit);
    Metadata metadata = MetadataCodec.read(in, limit);
    int start = in.readInt();
    int end = in.readInt();
    try {
      return new Chunk(id, documentId, text, metadata, start, end);
    } catch (IllegalArgumentException e) {
      throw new Strings.FormatException("bad chunk: " + e.getMessage(), e);
    }
  }

  /** Writes the floats of {@code vector}, big-endian, in one bulk write. */
  public static void writeFloats(DataOutput out, float[] vector) throws IOException {
    byte[] bytes = new byte[vector.length * Float.BYTES];
    ByteBuffer.wrap(bytes).asFloatBuffer().put(vector);
    out.write(bytes);
  }

  /** Reads {@code dimension} big-endian floats in one bulk read. */
  public static float[] readFloats(DataInput in, int dimension) throws IOException {
    byte[] bytes = new byte[dimension * Float.BYTES];
    in.readFully(bytes);
    float[] vector = new float[dimension];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(vector);
    return vector;
  }
}
