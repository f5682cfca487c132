package dev.quarry.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(ResiliencePolicy.builder("p").initialBackoff(Duration.ofMillis(100))
      .backoffMultiplier(2).maxBackoff(Duration.ofSeconds(1)).jitter(0).build());

  @Test
  void growsExponentiallyUpToTheMaximum() {
    RetriableException failure = new RetriableException("down");

    assertThat(wait(1, failure)).isEqualTo(100);
    assertThat(wait(2, failure)).isEqualTo(200);
    assertThat(wait(4, failure)).isEqualTo(800);
    assertThat(wait(5, failure)).isEqualTo(1000);
    assertThat(wait(30, failure)).isEqualTo(1000);
  }

  @Test
  void waitsForTheRetryAfterWhenItIsLongerThanTheBackoff() {
    assertThat(wait(1, new RetriableException("429", null, Duration.ofMillis(450)))).isEqualTo(450);
    assertThat(wait(4, new RetriableException("429", null, Duration.ofMillis(450)))).isEqualTo(800);
    assertThat(wait(1, new RetriableException("429", null, Duration.ofSeconds(1)))).isEqualTo(1000);
  }

  @Test
  void givesUpWhenTheRetryAfterIsLongerThanTheMaximum() {
    assertThat(wait(1, new RetriableException("429", null, Duration.ofMillis(1001)))).isEqualTo(Backoff.GIVE_UP);
    assertThat(wait(1, new RetriableException("429", null, Duration.ofDays(365_000_000)))).isEqualTo(Backoff.GIVE_UP);
  }

  @Test
  void ignoresOtherFailuresAndResults() {
    assertThat(wait(1, new NonRetriableException("no"))).isEqualTo(100);
    assertThat(backoff.apply(2, Either.right("result"))).isEqualTo(200);
  }

  private long wait(int attempt, Throwable failure) {
    return backoff.apply(attempt, Either.left(failure));
  }
}
