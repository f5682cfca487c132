package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.document.Metadata;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads {@link Metadata} as typed binary values: an int entry count, then per entry the key (see
 * {@link Strings}), a type byte (1 string, 2 long, 3 double, 4 boolean, 5 list) and the value; a list is an int
 * size followed by typed scalar values.
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public final class MetadataCodec {
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte BOOLEAN = 4;
  private static final byte LIST = 5;

  private MetadataCodec() {}

  public static void write(DataOutput out, Metadata metadata) throws IOException {
    out.writeInt(metadata.size());
    for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
      Strings.write(out, entry.getKey());
      writeValue(out, entry.getValue());
    }
  }

  /**
   * Reads metadata whose sizes and lengths must not exceed {@code limit} (the size of the file or record it is
   * read from); anything that cannot be valid metadata is a {@link Strings.FormatException}.
   */
  public static Metadata read(DataInput in, long limit) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > limit) {
      throw new Strings.FormatException("bad metadata size " + size);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      values.put(Strings.read(in, limit), readValue(in, limit, true));
    }
    try {
      return Metadata.of(values);
    } catch (IllegalArgumentException e) {
      throw new Strings.FormatException("bad metadata: " + e.getMessage(), e);
    }
  }

  private static void writeValue(DataOutput out, Object value) throws IOException {
    switch (value) {
      case String s -> {
        out.writeByte(STRING);
        Strings.write(out, s);
      }
      case Long l -> {
        out.writeByte(LONG);
        out.writeLong(l);
      }
      case Double d -> {
        out.writeByte(DOUBLE);
        out.writeDouble(d);
      }
      case Boolean b -> {
        out.writeByte(BOOLEAN);
        out.writeBoolean(b);
      }
      case List<?> list -> {
        out.writeByte(LIST);
        out.writeInt(list.size());
        for (Object element : list) {
          writeValue(out, element);
        }
      }
      default -> throw new IllegalStateException("not a normalised metadata value: " + value.getClass());
    }
  }

  /** Reads one value; lists hold scalars only (as {@link Metadata} allows), so damaged data cannot nest deeply. */
  private static Object readValue(DataInput in, long limit, boolean listAllowed) throws IOException {
    byte type = in.readByte();
    return switch (type) {
      case STRING -> Strings.read(in, limit);
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case LIST -> {
        if (!listAllowed) {
          throw new Strings.FormatException("nested metadata list");
        }
        int n = in.readInt();
        if (n < 0 || n > limit) {
          throw new Strings.FormatException("bad list size " + n);
        }
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(readValue(in, limit, false));
        }
        yield list;
      }
      default -> throw new Strings.FormatException("unknown metadata value type " + type);
    };
  }
}
