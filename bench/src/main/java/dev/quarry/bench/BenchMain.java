package dev.quarry.bench;

import java.util.Arrays;

/** Entry point of {@code bench/run <name> [options]}. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: bench/run <name> [options]; names: embed, ann-data");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "embed" -> EmbedBenchmark.main(rest);
      case "ann-data" -> dev.quarry.bench.ann.AnnData.main(rest);
      case "ann" -> dev.quarry.bench.ann.AnnBenchmark.main(rest);
      default -> {
        System.err.println("unknown benchmark '" + args[0] + "'; names: embed, ann-data");
        System.exit(2);
      }
    }
  }
}
