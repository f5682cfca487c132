package dev.quarry.rag.retrieval;

import dev.quarry.api.rerank.Reranker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A <b>test double</b> for {@link Reranker}: scores with a given function instead of a cross-encoder, and records
 * every call. Thread-safe if the function is.
 */
final class StubReranker implements Reranker {
  /** One call: the query and the passages it was given. */
  record Call(String query, List<String> passages) {}

  private final BiFunction<String, List<String>, float[]> scoring;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  StubReranker(BiFunction<String, List<String>, float[]> scoring) {
    this.scoring = scoring;
  }

  /** A reranker that scores each passage by looking up its text; unknown texts score 0. */
  static StubReranker byText(Map<String, Float> scores) {
    return new StubReranker(
        (query, passages) -> {
          float[] out = new float[passages.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = scores.getOrDefault(passages.get(i), 0f);
          }
          return out;
        });
  }

  @Override
  public float[] score(String query, List<String> passages) {
    calls.add(new Call(query, List.copyOf(passages)));
    return scoring.apply(query, passages);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }
}
