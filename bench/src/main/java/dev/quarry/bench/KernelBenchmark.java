package dev.quarry.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;

/**
 * {@code bench/run kernels}: which distance kernels the vector index should use. Times Lucene's {@link VectorUtil}
 * (SIMD through the Panama Vector API when {@code jdk.incubator.vector} is enabled, as {@code bench/run} does),
 * a small Vector API facade of our own ({@link PanamaKernels}), and a plain scalar loop (what runs when the
 * module is not enabled), on dot product and squared distance at 128, 384 and 768 dimensions.
 *
 * <p>Each kernel scores 512 pairs of random vectors per pass, each kernel called directly from its own loop (no
 * shared call site that would stop the JIT from inlining); the median of {@code --rounds} timed passes after a
 * warm-up gives ns per call. A sum of the scores keeps the JIT from dropping the work.
 */
final class KernelBenchmark {
  /** Pairs per pass: 512 pairs of 384-d vectors take 1.5 MB, so the kernels run from cache, not from memory. */
  private static final int PAIRS = 512;

  private KernelBenchmark() {}

  private record Kernel(String name, String op, int id) {}

  static void main(String[] args) {
    Options options = new Options(args);
    int rounds = options.integer("rounds", 9);
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    System.out.printf(Locale.ROOT, "Java %s, %d cores, jdk.incubator.vector %s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), vectorModule ? "enabled" : "not enabled");
    List<Kernel> kernels = new ArrayList<>();
    kernels.add(new Kernel("lucene VectorUtil", "dot", 0));
    kernels.add(new Kernel("lucene VectorUtil", "l2", 1));
    if (vectorModule) {
      kernels.add(new Kernel("own Vector API facade", "dot", 2));
      kernels.add(new Kernel("own Vector API facade", "l2", 3));
    }
    kernels.add(new Kernel("lucene VectorUtil", "i8dot", 6));
    kernels.add(new Kernel("scalar loop", "dot", 4));
    kernels.add(new Kernel("scalar loop", "l2", 5));

    StringBuilder json = new StringBuilder("{\"benchmark\":\"kernels\",\"vector_module\":" + vectorModule);
    System.out.printf(Locale.ROOT, "%-24s %-4s %10s %10s %10s%n", "kernel", "op", "d=128 ns", "d=384 ns",
        "d=768 ns");
    double[][] results = new double[kernels.size()][3];
    int[] dims = {128, 384, 768};
    for (int di = 0; di < dims.length; di++) {
      float[][] vectors = random(PAIRS * 2, dims[di]);
      for (int ki = 0; ki < kernels.size(); ki++) {
        results[ki][di] = time(kernels.get(ki), vectors, rounds);
      }
    }
    for (int ki = 0; ki < kernels.size(); ki++) {
      Kernel kernel = kernels.get(ki);
      System.out.printf(Locale.ROOT, "%-24s %-4s %10.1f %10.1f %10.1f%n", kernel.name(), kernel.op(),
          results[ki][0], results[ki][1], results[ki][2]);
      String key = kernel.name().split(" ")[0] + "_" + kernel.op();
      for (int di = 0; di < dims.length; di++) {
        json.append(String.format(Locale.ROOT, ",\"%s_d%d_ns\":%.2f", key, dims[di], results[ki][di]));
      }
    }
    System.out.println(json.append('}'));
  }

  private static double time(Kernel kernel, float[][] vectors, int rounds) {
    double sink = 0;
    for (int warm = 0; warm < 2000; warm++) {
      sink += pass(kernel, vectors);
    }
    double[] ns = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (int rep = 0; rep < 200; rep++) {
        sink += pass(kernel, vectors);
      }
      ns[r] = (System.nanoTime() - start) / (200.0 * PAIRS);
    }
    if (Double.isNaN(sink)) {
      System.out.println("unexpected NaN"); // keeps the work alive
    }
    Arrays.sort(ns);
    return ns[rounds / 2];
  }

  private static double pass(Kernel kernel, float[][] v) {
    double sum = 0;
    switch (kernel.id()) {
      case 0 -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += VectorUtil.dotProduct(v[2 * i], v[2 * i + 1]);
        }
      }
      case 1 -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += VectorUtil.squareDistance(v[2 * i], v[2 * i + 1]);
        }
      }
      case 2 -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += PanamaKernels.dot(v[2 * i], v[2 * i + 1]);
        }
      }
      case 3 -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += PanamaKernels.squareDistance(v[2 * i], v[2 * i + 1]);
        }
      }
      case 4 -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += scalarDot(v[2 * i], v[2 * i + 1]);
        }
      }
      case 6 -> {
        byte[][] b = bytes(v);
        for (int i = 0; i < PAIRS; i++) {
          sum += VectorUtil.dotProduct(b[2 * i], b[2 * i + 1]);
        }
      }
      default -> {
        for (int i = 0; i < PAIRS; i++) {
          sum += scalarSquareDistance(v[2 * i], v[2 * i + 1]);
        }
      }
    }
    return sum;
  }

  private static float[][] cachedFloats;
  private static byte[][] cachedBytes;

  /** The same vectors as int8 codes (x · 127), made once per vector set, outside the timed loop's work. */
  private static byte[][] bytes(float[][] v) {
    if (cachedFloats != v) {
      cachedBytes = new byte[v.length][];
      for (int i = 0; i < v.length; i++) {
        cachedBytes[i] = new byte[v[i].length];
        for (int d = 0; d < v[i].length; d++) {
          cachedBytes[i][d] = (byte) Math.round(v[i][d] * 127);
        }
      }
      cachedFloats = v;
    }
    return cachedBytes;
  }

  private static float[][] random(int n, int dimension) {
    SplittableRandom random = new SplittableRandom(7);
    float[][] out = new float[n][dimension];
    for (float[] v : out) {
      for (int d = 0; d < dimension; d++) {
        v[d] = (float) random.nextDouble(-1, 1);
      }
    }
    return out;
  }

  static double scalarDot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static double scalarSquareDistance(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
