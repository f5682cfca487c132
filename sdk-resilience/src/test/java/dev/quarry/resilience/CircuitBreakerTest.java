package dev.quarry.resilience;

import static dev.quarry.resilience.TestPolicies.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.testkit.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final Duration OPEN = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  /** One attempt per call; opens when 2 of the last 4 attempts failed; one trial call when half-open. */
  private ResiliencePolicy.Builder policy() {
    return ResiliencePolicy.builder("flaky-provider").sleeper(sleeper).clock(clock).maxAttempts(1)
        .slidingWindowSize(4).minimumCalls(4).failureRateThreshold(50).openDuration(OPEN).halfOpenCalls(1);
  }

  @Test
  void opensAfterTooManyFailuresAndThenFailsFastWithoutCallingTheModel() {
    FlakyChatModel model = new FlakyChatModel(4, call -> new RetriableException("503 " + call));
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().build());

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isNotInstanceOf(CircuitOpenException.class);
    }
    CircuitOpenException refused = catchThrowableOfType(CircuitOpenException.class, () -> chat.chat(REQUEST));

    assertThat(model.calls()).isEqualTo(4);
    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(refused).isInstanceOf(RetriableException.class)
        .hasMessageContaining("resilience policy 'flaky-provider'")
        .hasMessageContaining("is open")
        .hasMessageContaining("after " + ManualClock.DEFAULT_START.plus(OPEN));
    assertThat(refused.retryAfter()).contains(OPEN);
  }

  @Test
  void saysHowLongItStaysOpenAsTheClockMoves() {
    ResilientChatModel chat = openBreaker(FlakyChatModel.failingWith(call -> new RetriableException("down")));

    clock.advance(Duration.ofSeconds(10));

    assertThat(catchThrowableOfType(CircuitOpenException.class, () -> chat.chat(REQUEST)).retryAfter())
        .contains(Duration.ofSeconds(20));
  }

  @Test
  void letsATrialCallThroughOnceTheOpenDurationIsOverAndClosesWhenItSucceeds() {
    FlakyChatModel model = new FlakyChatModel(4, call -> new RetriableException("503"));
    ResilientChatModel chat = openBreaker(model);

    clock.advance(OPEN);
    assertThatThrownBy(() -> chat.chat(REQUEST)).as("still open at the very end")
        .isInstanceOf(CircuitOpenException.class);
    clock.advance(Duration.ofMillis(1));

    assertThat(chat.chat(REQUEST).message().text()).isEqualTo("call 5");
    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(chat.chat(REQUEST).message().text()).isEqualTo("call 6");
    assertThat(model.calls()).isEqualTo(6);
  }

  @Test
  void opensAgainWhenTheTrialCallFails() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("still down"));
    ResilientChatModel chat = openBreaker(model);
    clock.advance(OPEN.plusMillis(1));

    assertThatThrownBy(() -> chat.chat(REQUEST)).isNotInstanceOf(CircuitOpenException.class);

    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CircuitOpenException.class);
    assertThat(model.calls()).isEqualTo(5);
  }

  @Test
  void refusesCallsBeyondTheTrialCallsWhileHalfOpen() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch trialStarted = new CountDownLatch(1);
    CountDownLatch finishTrial = new CountDownLatch(1);
    ChatModel model = request -> {
      int call = calls.incrementAndGet();
      if (call <= 4) {
        throw new RetriableException("503");
      }
      trialStarted.countDown();
      try {
        finishTrial.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return FlakyChatModel.reply("trial answered");
    };
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().build());
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);
    }
    clock.advance(OPEN.plusMillis(1));
    AtomicReference<String> trialReply = new AtomicReference<>();
    Thread trial = Thread.ofVirtual().start(() -> trialReply.set(chat.chat(REQUEST).message().text()));
    try {
      assertThat(trialStarted.await(2, TimeUnit.SECONDS)).isTrue();

      CircuitOpenException refused = catchThrowableOfType(CircuitOpenException.class, () -> chat.chat(REQUEST));

      assertThat(refused).hasMessageContaining("half-open");
      assertThat(refused.retryAfter()).isEmpty();
    } finally {
      finishTrial.countDown();
      trial.join();
    }
    assertThat(trialReply.get()).isEqualTo("trial answered");
    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(calls.get()).isEqualTo(5);
  }

  @Test
  void isNotOpenedByNonRetriableFailures() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new NonRetriableException("400 bad request"));
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().build());

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(NonRetriableException.class);
    }

    assertThat(model.calls()).isEqualTo(10);
    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void countsTimeoutsAsFailures() {
    HangingChatModel model = HangingChatModel.hanging(Integer.MAX_VALUE);
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model,
        policy().slidingWindowSize(2).minimumCalls(2).timeout(Duration.ofMillis(20)).build());
    try {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CallTimeoutException.class);
      }

      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CircuitOpenException.class);
      assertThat(model.calls()).isEqualTo(2);
    } finally {
      model.release();
    }
  }

  @Test
  void countsEachAttemptAndDoesNotRetryARefusal() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("down " + call));
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().maxAttempts(10).build());

    CircuitOpenException refused = catchThrowableOfType(CircuitOpenException.class, () -> chat.chat(REQUEST));

    assertThat(model.calls()).as("the breaker opened after 4 failed attempts of one call").isEqualTo(4);
    assertThat(refused.getSuppressed()).hasSize(4);
    assertThat(sleeper.waits()).hasSize(4);
  }

  @Test
  void isLeftOutByWithoutCircuitBreaker() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new RetriableException("down"));
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().withoutCircuitBreaker().build());

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isNotInstanceOf(CircuitOpenException.class);
    }

    assertThat(model.calls()).isEqualTo(10);
    assertThat(chat.guard().breaker()).isEmpty();
  }

  private ResilientChatModel openBreaker(FlakyChatModel model) {
    ResilientChatModel chat = (ResilientChatModel) Resilient.chatModel(model, policy().build());
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(RetriableException.class);
    }
    assertThat(state(chat)).isEqualTo(CircuitBreaker.State.OPEN);
    return chat;
  }

  private static CircuitBreaker.State state(ResilientChatModel chat) {
    return chat.guard().breaker().orElseThrow().state();
  }
}
