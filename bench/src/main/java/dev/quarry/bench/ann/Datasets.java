package dev.quarry.bench.ann;

import dev.quarry.api.store.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ANN data sets by name: {@code sift5k} (5,000 × 128 SIFT vectors from the shared data folder, L2 ground
 * truth) and {@code text200k} (MiniLM vectors of real text, cosine, read from the cache that {@code bench/run
 * ann-data} builds).
 */
final class Datasets {
  static final String NAMES = "sift5k, text200k";

  private Datasets() {}

  /**
   * Loads {@code name} from {@code data} (the shared data folder); text200k comes from {@code textCache}, which
   * must be complete: this never starts the (hours-long) embedding job, {@code bench/run ann-data} does.
   */
  static Dataset load(String name, Path data, Path textCache) throws IOException {
    return switch (name) {
      case "sift5k" -> {
        Path dir = data.resolve("sift5k");
        for (String file : new String[] {"base.fvecs", "query.fvecs", "groundtruth_l2_k100.ivecs"}) {
          if (!Files.isRegularFile(dir.resolve(file))) {
            throw new IllegalArgumentException("missing " + dir.resolve(file) + " (pass --data <shared data folder>)");
          }
        }
        yield new Dataset("sift5k", Metric.EUCLIDEAN, Vectors.readFvecs(dir.resolve("base.fvecs")),
            Vectors.readFvecs(dir.resolve("query.fvecs")), Vectors.readIvecs(dir.resolve("groundtruth_l2_k100.ivecs")));
      }
      case "text200k" -> {
        if (!Files.isRegularFile(textCache.resolve("groundtruth_cosine_k100.ivecs"))) {
          throw new IllegalArgumentException(textCache + " is not complete; build it first with bench/run ann-data");
        }
        yield TextVectors.load(data, textCache);
      }
      default -> throw new IllegalArgumentException("unknown data set '" + name + "'; names: " + NAMES);
    };
  }

  /** The first {@code limit} queries and their ground truth (all of them when {@code limit <= 0}). */
  static Dataset limitQueries(Dataset set, int limit) {
    if (limit <= 0 || limit >= set.queries().length) {
      return set;
    }
    return new Dataset(set.name(), set.metric(), set.base(), Arrays.copyOf(set.queries(), limit),
        Arrays.copyOf(set.groundTruth(), limit));
  }
}
