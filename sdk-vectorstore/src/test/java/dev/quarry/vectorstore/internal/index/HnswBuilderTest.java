package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.vectorstore.HnswOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's giving way to searches: a search load that never stops slows a bulk load but cannot stall it. */
class HnswBuilderTest {
  @Test
  void aBuildUnderSearchesThatNeverStopStillFinishesWithEveryNodeLinked() {
    float[][] base = RandomVectors.clustered(6000, 16, 20, 9, true);
    VectorSet set = RandomVectors.set(base);
    HnswOptions options = HnswOptions.builder().buildThreads(4).build();
    HnswGraph graph = new HnswGraph(options.m());
    // Always more searches than cores: every worker but the first gives way for the whole build.
    HnswBuilder builder = new HnswBuilder(set, Similarity.DOT, options, graph, Long.MAX_VALUE, () -> 1000);

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> builder.addUpTo(base.length));

    assertThat(builder.size()).isEqualTo(base.length);
    int[] neighbours = new int[2 * options.m() + 1];
    for (int node = 0; node < base.length; node++) {
      assertThat(graph.copy(node, 0, neighbours)).as("neighbours of node %d", node).isPositive();
    }
  }
}
