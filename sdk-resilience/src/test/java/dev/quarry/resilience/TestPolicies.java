package dev.quarry.resilience;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.UserMessage;
import java.time.Duration;

/** Policies and requests the tests share. */
final class TestPolicies {
  static final ChatRequest REQUEST = ChatRequest.of(new UserMessage("What is RAG?"));

  private TestPolicies() {}

  /**
   * A policy named "test" that records its waits in {@code sleeper} instead of sleeping, with a 5s timeout (which
   * no test but the timeout tests reaches) and the default circuit breaker (which opens after 10 failed attempts at
   * the earliest); tests add what they check.
   */
  static ResiliencePolicy.Builder recording(RecordingSleeper sleeper) {
    return ResiliencePolicy.builder("test")
        .sleeper(sleeper)
        .timeout(Duration.ofSeconds(5));
  }
}
