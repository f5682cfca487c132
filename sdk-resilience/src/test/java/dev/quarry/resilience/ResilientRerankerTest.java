package dev.quarry.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.RetriableException;
import dev.quarry.api.rerank.Reranker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientRerankerTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final AtomicInteger calls = new AtomicInteger();

  /** A <b>test double</b>: rate-limited for its first two calls, then scores each passage by its length. */
  private final Reranker flaky = (query, passages) -> {
    if (calls.incrementAndGet() <= 2) {
      throw new RetriableException("429", null, Duration.ofMillis(700));
    }
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = passages.get(i).length();
    }
    return scores;
  };

  @Test
  void retriesHonouringTheRetryAfter() {
    Reranker reranker = Resilient.reranker(flaky, TestPolicies.recording(sleeper).build());

    float[] scores = reranker.score("q", List.of("a", "abc"));

    assertThat(scores).containsExactly(1f, 3f);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(sleeper.waits()).hasSize(2).allSatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(
        Duration.ofMillis(700)));
  }

  @Test
  void rejectsNullArgumentsWithoutCallingTheReranker() {
    Reranker reranker = Resilient.reranker(flaky, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> reranker.score(null, List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> reranker.score("q", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passages");
    assertThat(calls.get()).isZero();
  }
}
