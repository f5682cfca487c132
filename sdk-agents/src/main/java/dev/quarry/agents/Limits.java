package dev.quarry.agents;

import java.time.Duration;

/**
 * The bounds of one run, shared by {@link Agent} and {@link PlanningAgent}, with their validation. Durations
 * longer than a year are treated as a year, which keeps the nanosecond arithmetic from overflowing.
 *
 * <p>Immutable and thread-safe.
 */
record Limits(
    int maxSteps, Duration maxWallTime, long maxTotalTokens, Duration toolTimeout, int maxToolErrors) {
  private static final long YEAR_NANOS = Duration.ofDays(365).toNanos();

  static final Limits DEFAULT = new Limits(Agent.DEFAULT_MAX_STEPS, Agent.DEFAULT_MAX_WALL_TIME,
      Long.MAX_VALUE, Agent.DEFAULT_TOOL_TIMEOUT, Agent.DEFAULT_MAX_TOOL_ERRORS);

  Limits withMaxSteps(int value) {
    return new Limits(atLeastOne(value, "maxSteps"), maxWallTime, maxTotalTokens, toolTimeout,
        maxToolErrors);
  }

  Limits withMaxWallTime(Duration value) {
    return new Limits(maxSteps, positive(value, "maxWallTime"), maxTotalTokens, toolTimeout,
        maxToolErrors);
  }

  Limits withMaxTotalTokens(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("maxTotalTokens must be at least 1, was " + value);
    }
    return new Limits(maxSteps, maxWallTime, value, toolTimeout, maxToolErrors);
  }

  Limits withToolTimeout(Duration value) {
    return new Limits(maxSteps, maxWallTime, maxTotalTokens, positive(value, "toolTimeout"),
        maxToolErrors);
  }

  Limits withMaxToolErrors(int value) {
    return new Limits(maxSteps, maxWallTime, maxTotalTokens, toolTimeout,
        atLeastOne(value, "maxToolErrors"));
  }

  long wallTimeNanos() {
    return nanos(maxWallTime);
  }

  long toolTimeoutNanos() {
    return nanos(toolTimeout);
  }

  private static long nanos(Duration duration) {
    return duration.compareTo(Duration.ofDays(365)) > 0 ? YEAR_NANOS : duration.toNanos();
  }

  private static int atLeastOne(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String what) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be a positive duration, was " + value);
    }
    return value;
  }
}
