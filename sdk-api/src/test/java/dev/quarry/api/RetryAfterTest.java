package dev.quarry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  @Test
  void aProvidersWaitIsKeptWithTheFailure() {
    RuntimeException cause = new RuntimeException("HTTP 429");
    RetriableException limited = new RetriableException("rate limited", cause, Duration.ofSeconds(7));

    assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(7));
    assertThat(limited).hasCause(cause).hasMessage("rate limited");
  }

  @Test
  void withoutAWaitThereIsNone() {
    assertThat(new RetriableException("timeout").retryAfter()).isEmpty();
    assertThat(new RetriableException("timeout", new RuntimeException()).retryAfter()).isEmpty();
    assertThat(new RetriableException("timeout", null, null).retryAfter()).isEmpty();
  }

  @Test
  void aNegativeWaitIsRefused() {
    assertThatThrownBy(() -> new RetriableException("x", null, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter must not be negative");
  }
}
