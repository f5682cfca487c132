package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.quarry.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RunClockTest {
  private final ManualClock manual = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final RunClock clock = RunClock.of(manual);

  @Test
  void readsTheClockItWasGivenInNanoseconds() {
    long before = clock.nanoTime();
    manual.advance(Duration.ofMillis(1500));

    assertThat(clock.nanoTime() - before).isEqualTo(1_500_000_000L);
  }

  @Test
  void aWaitEndsWhenTheClockPassesTheDeadlineNotBefore() {
    CompletableFuture<String> never = new CompletableFuture<>();
    long deadline = clock.nanoTime() + Duration.ofMinutes(5).toNanos();
    Thread.ofVirtual().start(() -> manual.advance(Duration.ofMinutes(5)));

    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> clock.await(never, deadline)).isInstanceOf(TimeoutException.class));
    assertThat(manual.elapsed()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aFinishedCallIsReturnedEvenAtTheDeadline() throws Exception {
    long deadline = clock.nanoTime();

    assertThat(clock.await(CompletableFuture.completedFuture("done"), deadline)).isEqualTo("done");
    assertThat(RunClock.SYSTEM.await(CompletableFuture.completedFuture("done"), RunClock.SYSTEM.nanoTime()))
        .isEqualTo("done");
  }

  @Test
  void theSystemClockTimesOutAtItsDeadline() {
    CompletableFuture<String> never = new CompletableFuture<>();

    assertThatThrownBy(() -> RunClock.SYSTEM.await(never, RunClock.SYSTEM.nanoTime() + 1_000_000))
        .isInstanceOf(TimeoutException.class);
  }
}
