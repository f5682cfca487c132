package dev.quarry.resilience;

import static dev.quarry.resilience.TestPolicies.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(80);
  private static final Duration SLACK = Duration.ofMillis(400);

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void abandonsAHangingCallAtTheTimeoutWithARetriableFailure() {
    HangingChatModel model = HangingChatModel.hanging(Integer.MAX_VALUE);
    ChatModel chat =
        Resilient.chatModel(model, TestPolicies.recording(sleeper).maxAttempts(1).timeout(TIMEOUT).build());
    try {
      long start = System.nanoTime();

      assertThatThrownBy(() -> chat.chat(REQUEST))
          .isInstanceOf(CallTimeoutException.class)
          .isInstanceOf(RetriableException.class)
          .hasMessage("chat through resilience policy 'test' timed out after 80ms");

      assertThat(elapsedSince(start)).isBetween(TIMEOUT, TIMEOUT.plus(SLACK));
    } finally {
      model.release();
    }
  }

  @Test
  void retriesATimedOutCall() {
    HangingChatModel model = HangingChatModel.hanging(1);
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).timeout(TIMEOUT).build());
    try {
      long start = System.nanoTime();

      ChatResponse reply = chat.chat(REQUEST);

      assertThat(elapsedSince(start)).isLessThan(TIMEOUT.plus(SLACK));
      assertThat(reply.message().text()).isEqualTo("call 2");
      assertThat(reply.metadata()).containsEntry(ChatResponse.ATTEMPTS, "2");
      assertThat(sleeper.waits()).hasSize(1);
    } finally {
      model.release();
    }
  }

  @Test
  void interruptsTheAbandonedCall() throws InterruptedException {
    HangingChatModel model = HangingChatModel.hanging(1);
    ChatModel chat =
        Resilient.chatModel(model, TestPolicies.recording(sleeper).maxAttempts(1).timeout(TIMEOUT).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(CallTimeoutException.class);

    long deadline = System.nanoTime() + SLACK.toNanos();
    while (model.interrupts() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(model.interrupts()).isEqualTo(1);
  }

  @Test
  void doesNotWaitForACallThatIgnoresInterrupts() {
    HangingChatModel model = HangingChatModel.ignoringInterrupts(Integer.MAX_VALUE);
    ChatModel chat = Resilient.chatModel(model,
        TestPolicies.recording(sleeper).maxAttempts(2).timeout(Duration.ofMillis(50)).build());
    try {
      long start = System.nanoTime();

      assertThatThrownBy(() -> chat.chat(REQUEST))
          .isInstanceOf(CallTimeoutException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(CallTimeoutException.class));

      assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(100).plus(SLACK));
      assertThat(model.calls()).isEqualTo(2);
    } finally {
      model.release();
    }
  }

  @Test
  void passesOnTheModelsOwnFailureFromItsThread() {
    FlakyChatModel model = FlakyChatModel.failingWith(call -> new IllegalArgumentException("bad request"));
    ChatModel chat = Resilient.chatModel(model, TestPolicies.recording(sleeper).timeout(TIMEOUT).build());

    assertThatThrownBy(() -> chat.chat(REQUEST)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad request");
  }

  @Test
  void runsOnTheCallersThreadWithoutATimeout() {
    AtomicReference<Thread> caller = new AtomicReference<>();
    ChatModel model = request -> {
      caller.set(Thread.currentThread());
      return FlakyChatModel.reply("here");
    };

    Resilient.chatModel(model, TestPolicies.recording(sleeper).withoutTimeout().build()).chat(REQUEST);

    assertThat(caller.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void runsOnAVirtualThreadWithATimeout() {
    AtomicReference<Thread> caller = new AtomicReference<>();
    ChatModel model = request -> {
      caller.set(Thread.currentThread());
      return FlakyChatModel.reply("there");
    };

    Resilient.chatModel(model, TestPolicies.recording(sleeper).build()).chat(REQUEST);

    assertThat(caller.get().isVirtual()).isTrue();
  }

  @Test
  void cancelsTheCallAndKeepsTheInterruptWhenTheCallerIsInterrupted() throws Exception {
    HangingChatModel model = HangingChatModel.hanging(Integer.MAX_VALUE);
    ChatModel chat = Resilient.chatModel(model,
        TestPolicies.recording(sleeper).timeout(Duration.ofSeconds(5)).build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        chat.chat(REQUEST);
      } catch (RuntimeException e) {
        thrown.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      } finally {
        done.countDown();
      }
    });
    try {
      while (model.calls() == 0) {
        Thread.sleep(1);
      }
      caller.interrupt();

      assertThat(done.await(2, TimeUnit.SECONDS)).isTrue();
      assertThat(thrown.get()).isExactlyInstanceOf(QuarryException.class)
          .hasMessageContaining("interrupted while waiting for chat");
      assertThat(stillInterrupted.get()).isTrue();
      assertThat(model.calls()).as("not retried").isEqualTo(1);
    } finally {
      model.release();
    }
  }

  private static Duration elapsedSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
