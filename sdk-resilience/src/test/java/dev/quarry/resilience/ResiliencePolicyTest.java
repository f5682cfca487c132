package dev.quarry.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

  @Test
  void hasDocumentedDefaults() {
    ResiliencePolicy policy = ResiliencePolicy.builder("openai").build();

    assertThat(policy.name()).isEqualTo("openai");
    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoffMultiplier()).isEqualTo(2.0);
    assertThat(policy.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.jitter()).isEqualTo(0.5);
    assertThat(policy.timeout()).contains(Duration.ofSeconds(60));
    assertThat(policy.circuitBreaker()).contains(new BreakerSettings(50, 20, 10, Duration.ofSeconds(30), 3));
    assertThat(policy.observationRegistry().isNoop()).isTrue();
    assertThat(policy.sleeper()).isSameAs(Sleeper.REAL);
    assertThat(policy).hasToString("ResiliencePolicy[openai: 3 attempts, backoff 500ms x2.0 up to 30s jitter 0.5,"
        + " timeout 1m, circuit breaker opens at 50.0% of the last 20 attempts (10 at least) for 30s, then tries 3"
        + " call(s)]");
  }

  @Test
  void leavesOutTheTimeoutAndTheBreakerWhenAsked() {
    ResiliencePolicy policy = ResiliencePolicy.builder("local").withoutTimeout().withoutCircuitBreaker()
        .slidingWindowSize(5).build();

    assertThat(policy.timeout()).isEmpty();
    assertThat(policy.circuitBreaker()).isEmpty();
    assertThat(policy.toString()).contains("timeout none, circuit breaker none");
  }

  @Test
  void keepsWhatItWasGiven() {
    ResiliencePolicy policy = ResiliencePolicy.builder("p").maxAttempts(5).initialBackoff(Duration.ofMillis(50))
        .backoffMultiplier(1.5).maxBackoff(Duration.ofSeconds(2)).jitter(0).timeout(Duration.ofMillis(250))
        .failureRateThreshold(80).slidingWindowSize(8).minimumCalls(8).openDuration(Duration.ofMinutes(1))
        .halfOpenCalls(1).build();

    assertThat(policy.maxAttempts()).isEqualTo(5);
    assertThat(policy.backoffMultiplier()).isEqualTo(1.5);
    assertThat(policy.timeout()).contains(Duration.ofMillis(250));
    assertThat(policy.circuitBreaker()).contains(new BreakerSettings(80, 8, 8, Duration.ofMinutes(1), 1));
  }

  @Test
  void rejectsAMissingName() {
    assertThatThrownBy(() -> ResiliencePolicy.builder(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy name must not be blank, was null");
    assertThatThrownBy(() -> ResiliencePolicy.builder(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy name");
  }

  @Test
  void rejectsSettingsOutOfRangeNamingThem() {
    rejects(b -> b.maxAttempts(0), "maxAttempts must be at least 1, was 0");
    rejects(b -> b.initialBackoff(null), "initialBackoff must be at least 1ms, was null");
    rejects(b -> b.initialBackoff(Duration.ZERO), "initialBackoff must be at least 1ms, was PT0S");
    rejects(b -> b.initialBackoff(Duration.ofMillis(-5)), "initialBackoff");
    rejects(b -> b.backoffMultiplier(0.5), "backoffMultiplier must be in [1, 100], was 0.5");
    rejects(b -> b.backoffMultiplier(Double.NaN), "backoffMultiplier");
    rejects(b -> b.maxBackoff(Duration.ofNanos(10)), "maxBackoff");
    rejects(b -> b.jitter(-0.1), "jitter must be in [0, 1], was -0.1");
    rejects(b -> b.jitter(1.5), "jitter");
    rejects(b -> b.timeout(null), "timeout must be at least 1ms, was null");
    rejects(b -> b.timeout(Duration.ofMillis(-1)), "timeout");
    rejects(b -> b.failureRateThreshold(0), "failureRateThreshold must be in (0, 100], was 0.0");
    rejects(b -> b.failureRateThreshold(101), "failureRateThreshold");
    rejects(b -> b.slidingWindowSize(0), "slidingWindowSize must be at least 1, was 0");
    rejects(b -> b.minimumCalls(-1), "minimumCalls must be at least 1, was -1");
    rejects(b -> b.openDuration(Duration.ZERO), "openDuration must be at least 1ms");
    rejects(b -> b.halfOpenCalls(0), "halfOpenCalls must be at least 1, was 0");
    rejects(b -> b.observationRegistry(null), "observationRegistry must not be null");
    rejects(b -> b.clock(null), "clock must not be null");
    rejects(b -> b.sleeper(null), "sleeper must not be null");
  }

  @Test
  void rejectsSettingsThatContradictEachOther() {
    rejects(b -> b.initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build(),
        "maxBackoff (1s) must not be shorter than initialBackoff (2s)");
    rejects(b -> b.slidingWindowSize(5).minimumCalls(6).build(),
        "minimumCalls (6) must not be larger than slidingWindowSize (5)");
  }

  @Test
  void ignoresBreakerSettingsThatContradictEachOtherWithoutABreaker() {
    assertThat(ResiliencePolicy.builder("p").slidingWindowSize(5).minimumCalls(6).withoutCircuitBreaker().build()
        .circuitBreaker()).isEmpty();
  }

  @Test
  void rejectsNullModelsAndPolicies() {
    ResiliencePolicy policy = ResiliencePolicy.builder("p").build();

    assertThatThrownBy(() -> Resilient.chatModel(null, policy)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chat model must not be null");
    assertThatThrownBy(() -> Resilient.chatModel(request -> null, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy must not be null");
    assertThatThrownBy(() -> Resilient.embeddingModel(null, policy)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("embedding model must not be null");
    assertThatThrownBy(() -> Resilient.reranker(null, policy)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reranker must not be null");
  }

  private static void rejects(Consumer<ResiliencePolicy.Builder> setting, String message) {
    assertThatThrownBy(() -> setting.accept(ResiliencePolicy.builder("p")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
