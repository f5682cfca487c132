package dev.quarry.bench.ann;

import dev.quarry.bench.Options;
import java.nio.file.Path;
import java.util.Locale;

/** {@code bench/run ann-data --data ../shared/data}: builds (or resumes) the cached text200k set and reports it. */
public final class AnnData {
  private AnnData() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path data = Path.of(options.string("data", "../shared/data"));
    Path cache = Path.of(options.string("cache", "bench/.cache/text200k"));
    long start = System.nanoTime();
    Dataset set = TextVectors.load(data, cache);
    System.out.printf(Locale.ROOT, "%s: %d base vectors, %d queries, dimension %d, ready in %.0f s%n",
        set.name(), set.base().length, set.queries().length, set.dimension(), (System.nanoTime() - start) / 1e9);
  }
}
