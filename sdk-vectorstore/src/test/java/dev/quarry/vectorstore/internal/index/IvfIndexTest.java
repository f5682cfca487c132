package dev.quarry.vectorstore.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.Quantization;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IvfIndexTest {
  private static final int N = 6000;
  private static final int DIM = 32;

  @ParameterizedTest
  @CsvSource({"COSINE,NONE", "COSINE,INT8", "EUCLIDEAN,NONE", "EUCLIDEAN,INT8", "DOT_PRODUCT,INT8"})
  void probingAFewListsFindsMostTrueNeighbours(Metric metric, Quantization quantization) {
    boolean unit = metric == Metric.COSINE;
    float[][] base = RandomVectors.clustered(N, DIM, 30, 11, unit);
    float[][] queries = RandomVectors.clustered(100, DIM, 30, 12, unit);
    IvfOptions options = IvfOptions.builder().nlist(64).nprobe(8).quantization(quantization)
        .trainingThreshold(1000).build();
    IvfIndex index = new IvfIndex(RandomVectors.set(base), metric, options);
    index.addUpTo(N);
    assertThat(index.nlist()).isEqualTo(64);
    Similarity similarity = Similarity.of(metric);
    double sum = 0;
    for (float[] q : queries) {
      Neighbors found = index.search(q, 10, Accept.ALL, SearchOptions.defaults());
      sum += RandomVectors.recall(found.nodes(), RandomVectors.exactTopK(base, q, 10, similarity));
      // Scores are exact, also after int8 ranking, and best first.
      for (int i = 0; i < found.size(); i++) {
        assertThat(found.scores()[i]).isEqualTo(similarity.score(q, base[found.nodes()[i]]));
        if (i > 0) {
          assertThat(found.scores()[i]).isLessThanOrEqualTo(found.scores()[i - 1]);
        }
      }
    }
    assertThat(sum / queries.length).isGreaterThan(0.85);
    double allLists = 0;
    for (float[] q : queries) {
      allLists += RandomVectors.recall(index.search(q, 10, Accept.ALL, SearchOptions.nprobe(64)).nodes(),
          RandomVectors.exactTopK(base, q, 10, similarity));
    }
    assertThat(allLists / queries.length).isGreaterThan(quantization == Quantization.NONE ? 0.999 : 0.97);
  }

  @Test
  void searchIsExactUntilTrainedAndTrainsAtTheThreshold() {
    float[][] base = RandomVectors.clustered(500, DIM, 5, 13, true);
    VectorSet set = new VectorSet(DIM, 16);
    IvfIndex index = new IvfIndex(set, Metric.COSINE, IvfOptions.builder().trainingThreshold(300).build());
    for (int i = 0; i < 299; i++) {
      set.add(base[i]);
    }
    index.addUpTo(set.size());
    assertThat(index.nlist()).isZero();
    assertThat(index.search(base[5], 1, Accept.ALL, SearchOptions.defaults()).nodes()).containsExactly(5);
    set.add(base[299]);
    index.addUpTo(set.size());
    assertThat(index.nlist()).isEqualTo(Math.round(4 * Math.sqrt(300))); // auto nlist
  }

  @Test
  void writtenListsReadBackAndSearchTheSame() throws IOException {
    float[][] base = RandomVectors.clustered(2000, DIM, 10, 14, true);
    VectorSet vectors = RandomVectors.set(base);
    IvfOptions options = IvfOptions.builder().nlist(32).trainingThreshold(500)
        .quantization(Quantization.INT8).build();
    IvfIndex index = new IvfIndex(vectors, Metric.COSINE, options);
    index.addUpTo(base.length);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    index.write(new DataOutputStream(buffer));
    IvfIndex read = IvfIndex.read(new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())), vectors,
        Metric.COSINE, IvfOptions.builder().build(), MappedRows.EMPTY);
    assertThat(read.quantized()).isTrue();
    assertThat(read.nlist()).isEqualTo(32);
    for (int i = 0; i < 20; i++) {
      assertThat(read.search(base[i], 5, Accept.ALL, SearchOptions.defaults()).nodes())
          .isEqualTo(index.search(base[i], 5, Accept.ALL, SearchOptions.defaults()).nodes());
    }
  }
}
