package dev.quarry.rag.bm25;

import dev.quarry.api.document.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * The bytes a chunk's metadata is stored as, so a hit gives back exactly the metadata that was indexed (types,
 * list order and {@code -0.0} included).
 *
 * <p>Layout: the entry count (vint), then per entry the key and a value. A string is its length (vint) and its
 * UTF-16 code units (2 bytes each). A value is a tag byte followed by: a string; a long (8 bytes); a double's
 * raw bits (8 bytes); nothing for {@code true} and {@code false}; or, for a list, the element count (vint) and
 * each element as a value. Stored fields carry Lucene's own checksums; the folder's format version is in its
 * commit data. Stateless and thread-safe.
 */
final class MetadataCodec {
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte TRUE = 4;
  private static final byte FALSE = 5;
  private static final byte LIST = 6;

  private MetadataCodec() {}

  static byte[] encode(Metadata metadata) {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try {
      out.writeVInt(metadata.size());
      for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
        writeChars(out, entry.getKey());
        if (entry.getValue() instanceof List<?> list) {
          out.writeByte(LIST);
          out.writeVInt(list.size());
          for (Object element : list) {
            writeScalar(out, element);
          }
        } else {
          writeScalar(out, entry.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e); // a ByteBuffersDataOutput never fails
    }
    return out.toArrayCopy();
  }

  /**
   * The metadata {@link #encode} wrote.
   *
   * @throws IllegalStateException if the bytes are not such an encoding
   */
  static Metadata decode(BytesRef bytes) {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
    int size = in.readVInt();
    Map<String, Object> values = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      String key = readChars(in);
      byte tag = in.readByte();
      if (tag == LIST) {
        int n = in.readVInt();
        List<Object> list = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          list.add(readScalar(in, in.readByte()));
        }
        values.put(key, list);
      } else {
        values.put(key, readScalar(in, tag));
      }
    }
    if (!in.eof()) {
      throw new IllegalStateException("stored metadata has " + (bytes.length - in.getPosition())
          + " bytes after its last entry");
    }
    return Metadata.of(values);
  }

  private static void writeScalar(ByteBuffersDataOutput out, Object value) throws IOException {
    switch (value) {
      case String s -> {
        out.writeByte(STRING);
        writeChars(out, s);
      }
      case Long l -> {
        out.writeByte(LONG);
        out.writeLong(l);
      }
      case Double d -> {
        out.writeByte(DOUBLE);
        out.writeLong(Double.doubleToRawLongBits(d));
      }
      case Boolean b -> out.writeByte(b ? TRUE : FALSE);
      default -> throw new IllegalStateException("metadata value of unexpected type " + value.getClass());
    }
  }

  /** A string as its UTF-16 code units, so even a lone surrogate comes back unchanged (UTF-8 would not keep it). */
  private static void writeChars(ByteBuffersDataOutput out, String s) throws IOException {
    out.writeVInt(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.writeShort((short) s.charAt(i));
    }
  }

  private static String readChars(ByteArrayDataInput in) {
    char[] chars = new char[in.readVInt()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) in.readShort();
    }
    return new String(chars);
  }

  private static Object readScalar(ByteArrayDataInput in, byte tag) {
    return switch (tag) {
      case STRING -> readChars(in);
      case LONG -> in.readLong();
      case DOUBLE -> Double.longBitsToDouble(in.readLong());
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      default -> throw new IllegalStateException("stored metadata has an unknown value tag " + tag);
    };
  }
}
