package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void standsStillUntilAdvanced() {
    ManualClock clock = new ManualClock(Instant.parse("2030-05-01T12:00:00Z"));

    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-01T12:00:00Z"));
    clock.advance(Duration.ofMillis(1500));
    clock.advance(Duration.ZERO);

    assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-01T12:00:01.500Z"));
    assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
  }

  @Test
  void neverGoesBack() {
    ManualClock clock = new ManualClock();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
  }
}
