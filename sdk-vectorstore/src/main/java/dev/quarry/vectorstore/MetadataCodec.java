package dev.quarry.vectorstore;

import dev.quarry.api.document.Metadata;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads {@link Metadata} as typed binary values. */
final class MetadataCodec {
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte BOOLEAN = 4;
  private static final byte LIST = 5;

  private MetadataCodec() {}

  static void write(DataOutput out, Metadata metadata) throws IOException {
    out.writeInt(metadata.size());
    for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
      Strings.write(out, entry.getKey());
      writeValue(out, entry.getValue());
    }
  }

  static Metadata read(DataInput in, long limit) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > limit) {
      throw new Strings.FormatException("bad metadata size " + size);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      values.put(Strings.read(in, limit), readValue(in, limit));
    }
    return Metadata.of(values);
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

  private static Object readValue(DataInput in, long limit) throws IOException {
    byte type = in.readByte();
    return switch (type) {
      case STRING -> Strings.read(in, limit);
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case LIST -> {
        int n = in.readInt();
        if (n < 0 || n > limit) {
          throw new Strings.FormatException("bad list size " + n);
        }
        List<Object> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          list.add(readValue(in, limit));
        }
        yield list;
      }
      default -> throw new Strings.FormatException("unknown metadata value type " + type);
    };
  }
}
