package dev.quarry.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Metric#prepare(FloatBuffer, float[])} against {@link Metric#prepare(float[])}. */
class MetricTest {

  @ParameterizedTest
  @EnumSource(Metric.class)
  void preparingIntoAnArrayGivesWhatACopyGives(Metric metric) {
    SplittableRandom random = new SplittableRandom(3);
    float[] into = new float[24];
    for (int n = 0; n < 200; n++) {
      float[] vector = new float[24];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-30, 30)));
      }
      metric.prepare(FloatBuffer.wrap(vector).asReadOnlyBuffer(), into);
      assertThat(into).containsExactly(metric.prepare(vector));
    }
  }

  @Test
  void readsFromTheBuffersPositionWithoutMovingIt() {
    FloatBuffer buffer = FloatBuffer.wrap(new float[] {9, 3, 4, 9});
    buffer.position(1).limit(3);
    float[] into = new float[2];
    Metric.COSINE.prepare(buffer, into);
    assertThat(into).containsExactly(0.6f, 0.8f);
    assertThat(buffer.position()).isEqualTo(1);
    Metric.EUCLIDEAN.prepare(buffer, into);
    assertThat(into).containsExactly(3f, 4f);
  }

  @Test
  void aZeroVectorUnderCosineIsRefusedAndTheArrayLeftAlone() {
    float[] into = {7, 7};
    assertThatThrownBy(() -> Metric.COSINE.prepare(FloatBuffer.wrap(new float[2]), into))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector");
    assertThat(into).containsExactly(7, 7);
    assertThatThrownBy(() -> Metric.DOT_PRODUCT.prepare(FloatBuffer.wrap(new float[3]), into))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 components, the array 2");
  }
}
