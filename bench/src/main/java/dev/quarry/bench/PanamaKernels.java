package dev.quarry.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A minimal Vector API facade (dot product, squared distance) to compare with Lucene's {@code VectorUtil}: the
 * preferred species, two accumulators with fused multiply-add, a scalar tail. Loaded only when {@code
 * jdk.incubator.vector} is enabled.
 */
final class PanamaKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private PanamaKernels() {}

  static double dot(float[] a, float[] b) {
    int i = 0;
    int step = SPECIES.length();
    FloatVector acc1 = FloatVector.zero(SPECIES);
    FloatVector acc2 = FloatVector.zero(SPECIES);
    for (int bound = a.length - 2 * step; i <= bound; i += 2 * step) {
      acc1 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc1);
      acc2 = FloatVector.fromArray(SPECIES, a, i + step).fma(FloatVector.fromArray(SPECIES, b, i + step), acc2);
    }
    float sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static double squareDistance(float[] a, float[] b) {
    int i = 0;
    int step = SPECIES.length();
    FloatVector acc1 = FloatVector.zero(SPECIES);
    FloatVector acc2 = FloatVector.zero(SPECIES);
    for (int bound = a.length - 2 * step; i <= bound; i += 2 * step) {
      FloatVector d1 = FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
      FloatVector d2 = FloatVector.fromArray(SPECIES, a, i + step).sub(FloatVector.fromArray(SPECIES, b, i + step));
      acc1 = d1.fma(d1, acc1);
      acc2 = d2.fma(d2, acc2);
    }
    float sum = acc1.add(acc2).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
