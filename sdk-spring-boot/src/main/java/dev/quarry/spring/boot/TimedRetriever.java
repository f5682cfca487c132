package dev.quarry.spring.boot;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/**
 * A retriever timed as {@code quarry.retrieval} (tags {@code retriever}: the bean's name; {@code outcome}: success
 * or error). Thread-safe if the retriever is.
 */
final class TimedRetriever implements Retriever {
  private final Retriever retriever;
  private final Timer success;
  private final Timer error;

  TimedRetriever(Retriever retriever, MeterRegistry registry, String name) {
    this.retriever = retriever;
    this.success = timer(registry, name, "success");
    this.error = timer(registry, name, "error");
  }

  private static Timer timer(MeterRegistry registry, String name, String outcome) {
    return Timer.builder("quarry.retrieval").description("Retrievals: the query's embedding, search and fusion")
        .tag("retriever", name).tag("outcome", outcome).register(registry);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    long start = System.nanoTime();
    try {
      List<SearchHit> hits = retriever.retrieve(query);
      success.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      return hits;
    } catch (RuntimeException e) {
      error.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "Timed[" + retriever + "]";
  }
}
