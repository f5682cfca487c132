package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

  static Metadata everyType() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("source", "docs/guide.md");
    values.put("page", 42);
    values.put("big", Long.MIN_VALUE);
    values.put("score", -0.125);
    values.put("tiny", Double.MIN_VALUE);
    values.put("inf", Double.POSITIVE_INFINITY);
    values.put("draft", true);
    values.put("final", false);
    values.put("tags", List.of("a", 1L, 2.5, false));
    values.put("none", List.of());
    values.put("ключ ✓", "значение 🚀");
    return Metadata.of(values);
  }

  private static byte[] encode(Chunk chunk) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChunkCodec.write(new DataOutputStream(bytes), chunk);
    return bytes.toByteArray();
  }

  private static Chunk decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    Chunk chunk = ChunkCodec.read(in, bytes.length);
    assertThat(in.available()).as("bytes left after the chunk").isZero();
    return chunk;
  }

  @Test
  void chunkWithMetadataOfEveryTypeRoundTrips() throws IOException {
    Chunk chunk = new Chunk("doc-1#3", "doc-1", "Ünïcödé text — 日本語 𝄞", everyType(), 17, 40);

    Chunk back = decode(encode(chunk));

    assertThat(back).isEqualTo(chunk);
    assertThat(back.metadata().asMap()).containsExactlyEntriesOf(chunk.metadata().asMap());
    assertThat(back.metadata().get("tags")).contains(List.of("a", 1L, 2.5, false));
  }

  @Test
  void emptyTextAndEmptyMetadataRoundTrip() throws IOException {
    Chunk chunk = new Chunk("c", "d", "", Metadata.empty(), 0, 0);

    assertThat(decode(encode(chunk))).isEqualTo(chunk);
  }

  @Test
  void textLongerThanWriteUtfAllowsRoundTrips() throws IOException {
    String text = "αβγ".repeat(40_000); // 240,000 UTF-8 bytes
    Chunk chunk = new Chunk("c", "d", text, Metadata.of(Map.of("long", text)), 0, text.length());

    assertThat(decode(encode(chunk))).isEqualTo(chunk);
  }

  @Test
  void floatsRoundTripBitForBit() throws IOException {
    float[] vector = {
      0f, -0f, 1f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3.14159f, 1e-30f
    };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChunkCodec.writeFloats(new DataOutputStream(bytes), vector);

    assertThat(bytes.size()).isEqualTo(vector.length * Float.BYTES);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(in.readFloat()).as("big-endian, like DataOutput.writeFloat").isEqualTo(0f);
    in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    float[] back = ChunkCodec.readFloats(in, vector.length);
    for (int i = 0; i < vector.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i])).as("float %d", i).isEqualTo(Float.floatToRawIntBits(vector[i]));
    }
  }

  @Test
  void floatsAgreeWithDataOutputWriteFloat() throws IOException {
    float[] vector = new float[384];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) Math.sin(i) * i;
    }
    ByteArrayOutputStream bulk = new ByteArrayOutputStream();
    ChunkCodec.writeFloats(new DataOutputStream(bulk), vector);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(single);
    for (float x : vector) {
      out.writeFloat(x);
    }

    assertThat(bulk.toByteArray()).isEqualTo(single.toByteArray());
    float[] back = ChunkCodec.readFloats(new DataInputStream(new ByteArrayInputStream(single.toByteArray())), 384);
    assertThat(Arrays.equals(back, vector)).isTrue();
  }

  @Test
  void tooFewFloatsIsEndOfFile() {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[11]));

    assertThatThrownBy(() -> ChunkCodec.readFloats(in, 3)).isInstanceOf(EOFException.class);
  }

  @Test
  void truncatedChunkIsEndOfFile() throws IOException {
    byte[] bytes = encode(new Chunk("c", "d", "text", everyType(), 0, 4));

    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] head = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> decode(head)).as("cut at %d", cut).isInstanceOf(IOException.class);
    }
  }

  @Test
  void impossibleStringLengthIsFormatException() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1000);
    out.write(new byte[10]);

    assertThatThrownBy(() -> Strings.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 14))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad string length 1000");
    assertThatThrownBy(() -> Strings.read(new DataInputStream(new ByteArrayInputStream(new byte[] {-1, 0, 0, 0})), 4))
        .isInstanceOf(Strings.FormatException.class);
  }

  @Test
  void blankIdOrBadOffsetsAreFormatExceptions() throws IOException {
    ByteArrayOutputStream blankId = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(blankId);
    Strings.write(out, " ");
    Strings.write(out, "d");
    Strings.write(out, "t");
    MetadataCodec.write(out, Metadata.empty());
    out.writeInt(0);
    out.writeInt(1);

    byte[] good = encode(new Chunk("c", "d", "t", Metadata.empty(), 0, 1));
    byte[] badOffsets = good.clone();
    badOffsets[badOffsets.length - 1] = 0; // end 0 ...
    badOffsets[badOffsets.length - 5] = 5; // ... before start 5

    assertThatThrownBy(() -> decode(blankId.toByteArray()))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad chunk");
    assertThatThrownBy(() -> decode(badOffsets))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("offsets");
  }

  @Test
  void unknownTypeNestedListAndNaNInMetadataAreFormatExceptions() throws IOException {
    assertThatThrownBy(() -> readMetadata(out -> {
          out.writeInt(1);
          Strings.write(out, "k");
          out.writeByte(9);
        }))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("unknown metadata value type 9");
    assertThatThrownBy(() -> readMetadata(out -> {
          out.writeInt(1);
          Strings.write(out, "k");
          out.writeByte(5);
          out.writeInt(1);
          out.writeByte(5);
          out.writeInt(0);
        }))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("nested");
    assertThatThrownBy(() -> readMetadata(out -> {
          out.writeInt(1);
          Strings.write(out, "k");
          out.writeByte(3);
          out.writeDouble(Double.NaN);
        }))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> readMetadata(out -> out.writeInt(-3)))
        .isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad metadata size -3");
  }

  private interface Writes {
    void to(DataOutputStream out) throws IOException;
  }

  private static Metadata readMetadata(Writes writes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writes.to(new DataOutputStream(bytes));
    byte[] array = bytes.toByteArray();
    return MetadataCodec.read(new DataInputStream(new ByteArrayInputStream(array)), array.length);
  }
}
