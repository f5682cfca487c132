package dev.quarry.bench.ann;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The texmex {@code .fvecs} / {@code .ivecs} formats: per vector a little-endian int32 dimension, then that many
 * float32 or int32 values.
 */
public final class Vectors {
  private Vectors() {}

  public static float[][] readFvecs(Path file) throws IOException {
    return records(file).stream().map(body -> {
      float[] v = new float[body.remaining() / 4];
      body.asFloatBuffer().get(v);
      return v;
    }).toArray(float[][]::new);
  }

  static int[][] readIvecs(Path file) throws IOException {
    return records(file).stream().map(body -> {
      int[] v = new int[body.remaining() / 4];
      body.asIntBuffer().get(v);
      return v;
    }).toArray(int[][]::new);
  }

  /** Each record's body (its {@code dimension} 4-byte values), little-endian. */
  private static List<ByteBuffer> records(Path file) throws IOException {
    List<ByteBuffer> out = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      byte[] header = new byte[4];
      while (readFully(in, header)) {
        int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = new byte[dim * 4];
        if (!readFully(in, body)) {
          throw new EOFException(file + " ends inside a vector");
        }
        out.add(ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
      }
    }
    return out;
  }

  /** Appends float vectors to an fvecs file (created when missing). */
  static void appendFvecs(Path file, List<float[]> vectors) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 20)) {
      for (float[] v : vectors) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(v.length);
        buffer.asFloatBuffer().put(v);
        out.write(buffer.array());
      }
    }
  }

  static void writeIvecs(Path file, int[][] rows) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int[] row : rows) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(row.length);
        buffer.asIntBuffer().put(row);
        out.write(buffer.array());
      }
    }
  }

  private static boolean readFully(InputStream in, byte[] target) throws IOException {
    int read = new DataInputStream(in).read(target, 0, target.length);
    if (read <= 0) {
      return false;
    }
    int total = read;
    while (total < target.length) {
      int n = in.read(target, total, target.length - total);
      if (n < 0) {
        throw new EOFException("truncated vector file");
      }
      total += n;
    }
    return true;
  }
}
