package dev.quarry.vectorstore.internal.filter;

import dev.quarry.vectorstore.internal.storage.Strings;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;

/**
 * A {@link MetadataIndex} in a snapshot, so opening a store reads its bitmaps instead of rebuilding them from every
 * record's metadata (and keeps the keys it dropped as near-unique dropped). The live set is not written: it is the
 * snapshot's live records.
 *
 * <p>Layout (big-endian; strings as {@link Strings}; bitmaps in RoaringBitmap's portable format):
 *
 * <ol>
 *   <li>the keys indexed: byte 0 for every key, else 1 then a count and the keys, sorted; a byte, 1 if near-unique
 *       keys are dropped;
 *   <li>the dropped keys: a count and the keys, sorted;
 *   <li>per key with postings (a count, then sorted by key): the key; a byte, 1 if it holds a long beyond 2^53;
 *       string values (a count, then value and bitmap), number values (a count, then a double and bitmap), boolean
 *       values (a count, then a byte and bitmap).
 * </ol>
 *
 * <p>Internal, not API. Stateless and thread-safe; the index written must not change while it is written.
 */
public final class PostingsCodec {
  private PostingsCodec() {}

  /** Writes {@code index}'s keys, dropped keys and postings. */
  public static void write(DataOutput out, MetadataIndex index) throws IOException {
    if (index.keysIndexed() == null) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      writeStrings(out, index.keysIndexed());
    }
    out.writeByte(index.dropsNearUnique() ? 1 : 0);
    writeStrings(out, index.dropped);
    Map<String, KeyPostings> keys = new TreeMap<>(index.keys);
    out.writeInt(keys.size());
    for (Map.Entry<String, KeyPostings> entry : keys.entrySet()) {
      Strings.write(out, entry.getKey());
      KeyPostings postings = entry.getValue();
      out.writeByte(postings.hasBigLongs() ? 1 : 0);
      out.writeInt(postings.strings.size());
      for (Map.Entry<String, RoaringBitmap> value : postings.strings.entrySet()) {
        Strings.write(out, value.getKey());
        writeBitmap(out, value.getValue());
      }
      out.writeInt(postings.numbers.size());
      for (Map.Entry<Double, RoaringBitmap> value : postings.numbers.entrySet()) {
        out.writeDouble(value.getKey());
        writeBitmap(out, value.getValue());
      }
      out.writeInt(postings.booleans.size());
      for (Map.Entry<Boolean, RoaringBitmap> value : new TreeMap<>(postings.booleans).entrySet()) {
        out.writeBoolean(value.getKey());
        writeBitmap(out, value.getValue());
      }
    }
  }

  /**
   * Reads an index written by {@link #write}, over a table of {@code ordinals} ordinals whose live ones are {@code
   * live} (ascending). {@code limit} bounds every count and length (the section's size), so damage fails with a
   * {@link Strings.FormatException} rather than a huge allocation.
   */
  public static MetadataIndex read(DataInput in, long limit, int ordinals, int[] live) throws IOException {
    byte all = in.readByte();
    if (all != 0 && all != 1) {
      throw new Strings.FormatException("bad metadata keys tag " + all);
    }
    List<String> indexed = all == 0 ? null : readStrings(in, limit);
    boolean dropNearUnique = readFlag(in, "near-unique flag");
    if (dropNearUnique != (indexed == null)) {
      throw new Strings.FormatException("the near-unique flag contradicts the keys indexed: near-unique keys are"
          + " dropped when, and only when, every key is indexed");
    }
    MetadataIndex index = new MetadataIndex(indexed == null ? null : new TreeSet<>(indexed), dropNearUnique);
    List<String> dropped = readStrings(in, limit);
    if (!dropNearUnique && !dropped.isEmpty()) {
      throw new Strings.FormatException("keys are dropped as near-unique, but the index drops none");
    }
    index.dropped.addAll(dropped);
    int keyCount = count(in, limit, "metadata key");
    for (int k = 0; k < keyCount; k++) {
      String key = Strings.read(in, limit);
      if ((indexed != null && !indexed.contains(key)) || index.dropped.contains(key)) {
        throw new Strings.FormatException("postings for metadata key '" + key + "', which is not indexed");
      }
      KeyPostings postings = new KeyPostings();
      if (index.keys.put(key, postings) != null) {
        throw new Strings.FormatException("metadata key '" + key + "' is listed twice");
      }
      postings.restoreBigLongs(readFlag(in, "big-longs flag"));
      int strings = count(in, limit, "string value");
      for (int i = 0; i < strings; i++) {
        postings.restore(postings.strings, Strings.read(in, limit), readBitmap(in, limit, ordinals));
      }
      int numbers = count(in, limit, "number value");
      for (int i = 0; i < numbers; i++) {
        double value = in.readDouble();
        if (Double.isNaN(value)) {
          throw new Strings.FormatException("a number value of key '" + key + "' is NaN");
        }
        postings.restore(postings.numbers, KeyPostings.numberKey(value), readBitmap(in, limit, ordinals));
      }
      int booleans = count(in, limit, "boolean value");
      for (int i = 0; i < booleans; i++) {
        postings.restore(postings.booleans, readFlag(in, "boolean value"), readBitmap(in, limit, ordinals));
      }
    }
    for (int ord : live) {
      index.live().add(ord);
    }
    return index;
  }

  private static void writeStrings(DataOutput out, java.util.Collection<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : new TreeSet<>(strings)) {
      Strings.write(out, s);
    }
  }

  private static List<String> readStrings(DataInput in, long limit) throws IOException {
    int n = count(in, limit, "key");
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String s = Strings.read(in, limit);
      if (s.isBlank()) {
        throw new Strings.FormatException("a metadata key is blank");
      }
      strings.add(s);
    }
    return strings;
  }

  private static void writeBitmap(DataOutput out, RoaringBitmap bitmap) throws IOException {
    out.writeInt(bitmap.serializedSizeInBytes());
    bitmap.serialize(out);
  }

  /**
   * A bitmap of ordinals below {@code ordinals}, sound in its structure (sorted containers, no empty run); its length
   * is checked against the section and what those ordinals could take before anything is allocated.
   */
  private static RoaringBitmap readBitmap(DataInput in, long limit, int ordinals) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit || length > 8 + 8L * Math.max(16, ordinals)) {
      throw new Strings.FormatException("bad bitmap length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(java.nio.ByteBuffer.wrap(bytes));
      if (!bitmap.validate()) {
        throw new Strings.FormatException("bad bitmap: its containers are out of order or empty");
      }
      if (bitmap.serializedSizeInBytes() != length) {
        throw new Strings.FormatException("bad bitmap: " + length + " bytes, of which "
            + bitmap.serializedSizeInBytes() + " are the bitmap");
      }
      // Unsigned order: a negative ordinal would be last.
      if (!bitmap.isEmpty() && (bitmap.last() < 0 || bitmap.last() >= ordinals)) {
        throw new Strings.FormatException("bitmap holds ordinal " + bitmap.last() + ", beyond the " + ordinals
            + " of the table");
      }
    } catch (RuntimeException e) {
      throw new Strings.FormatException("bad bitmap: " + e.getMessage(), e);
    }
    return bitmap;
  }

  /** A count of things that take at least four bytes each, so at most a quarter of the section's. */
  private static int count(DataInput in, long limit, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > limit / 4) {
      throw new Strings.FormatException("bad " + what + " count " + n);
    }
    return n;
  }

  private static boolean readFlag(DataInput in, String what) throws IOException {
    byte b = in.readByte();
    if (b != 0 && b != 1) {
      throw new Strings.FormatException("bad " + what + " " + b);
    }
    return b == 1;
  }
}
