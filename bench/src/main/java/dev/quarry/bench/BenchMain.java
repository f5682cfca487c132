package dev.quarry.bench;

import dev.quarry.bench.ann.AnnBenchmark;
import dev.quarry.bench.ann.AnnData;
import dev.quarry.bench.ann.AnnLoadBenchmark;
import dev.quarry.bench.ann.AnnScaleBenchmark;
import dev.quarry.bench.ann.IvfTrainingBenchmark;
import java.util.Arrays;

/** Entry point of {@code bench/run <name> [options]}. */
public final class BenchMain {
  private static final String NAMES =
      "embed, encoders, ann, ann-data, ann-load, ann-scale, ivf-train, kernels, retrieval, retrieval-matrix, bm25-tune,"
          + " extractive, production, guardrails";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: bench/run <name> [options]; names: " + NAMES);
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "embed" -> EmbedBenchmark.main(rest);
      case "encoders" -> EncoderCostBenchmark.main(rest);
      case "ann" -> AnnBenchmark.main(rest);
      case "ann-data" -> AnnData.main(rest);
      case "ann-load" -> AnnLoadBenchmark.main(rest);
      case "ann-scale" -> AnnScaleBenchmark.main(rest);
      case "ivf-train" -> IvfTrainingBenchmark.main(rest);
      case "kernels" -> KernelBenchmark.main(rest);
      case "retrieval" -> dev.quarry.bench.retrieval.RetrievalBenchmark.main(rest);
      case "retrieval-matrix" -> dev.quarry.bench.retrieval.RetrievalMatrixBenchmark.main(rest);
      case "bm25-tune" -> dev.quarry.bench.retrieval.Bm25Tuning.main(rest);
      case "extractive" -> dev.quarry.bench.answers.ExtractiveBenchmark.main(rest);
      case "production" -> dev.quarry.bench.production.ProductionBenchmark.main(rest);
      case "guardrails" -> dev.quarry.bench.guardrails.GuardrailsBenchmark.main(rest);
      default -> {
        System.err.println("unknown benchmark '" + args[0] + "'; names: " + NAMES);
        System.exit(2);
      }
    }
  }
}
