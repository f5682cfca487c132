package dev.quarry.resilience;

import static dev.quarry.resilience.Checks.requireAtLeast;
import static dev.quarry.resilience.Checks.requireMillis;
import static dev.quarry.resilience.Checks.requireNonBlank;
import static dev.quarry.resilience.Checks.requireNonNull;

import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * How calls to a model are made to survive a flaky provider: retries with exponential back-off and jitter, a
 * timeout per attempt, a circuit breaker, and observations of all three. Apply it with {@link Resilient}:
 *
 * <pre>{@code
 * ResiliencePolicy policy = ResiliencePolicy.builder("openai")
 *     .maxAttempts(4)
 *     .timeout(Duration.ofSeconds(30))
 *     .observationRegistry(registry)
 *     .build();
 * ChatModel chat = Resilient.chatModel(openAi, policy);
 * }</pre>
 *
 * <p>What a call through the policy does:
 *
 * <ol>
 *   <li>Each attempt asks the circuit breaker for permission. An open breaker refuses at once with a {@link
 *       CircuitOpenException}, which is not retried: the breaker is there to stop calls, not to be waited out.
 *   <li>The attempt runs on a virtual thread and is waited for at most {@link Builder#timeout the timeout}; then it
 *       is interrupted and abandoned, and the attempt fails with a {@link CallTimeoutException}. Without a timeout
 *       it runs on the caller's thread for as long as it takes.
 *   <li>A {@link dev.quarry.api.RetriableException} (timeouts included) is retried after a wait, until {@link
 *       Builder#maxAttempts maxAttempts} attempts were made. The n-th wait is {@code initialBackoff *
 *       multiplier^(n-1)}, moved at random by up to {@code jitter} of itself either way, and at most {@code
 *       maxBackoff}. When the failure says how long to wait ({@link
 *       dev.quarry.api.RetriableException#retryAfter()}), the wait is at least that; a provider asking for more
 *       than {@code maxBackoff} fails the call at once with its exception rather than hold the caller for minutes.
 *       Every other failure, a {@link dev.quarry.api.NonRetriableException} or an {@link IllegalArgumentException}
 *       say, is thrown at once.
 *   <li>When the attempts run out, the last failure is thrown, with the earlier ones of the call attached as
 *       suppressed exceptions.
 * </ol>
 *
 * <p>Only retriable failures count against the breaker: a provider that refuses a bad request is up, and the
 * caller's mistakes must not cut everyone else off. The breaker counts attempts, not calls: one call that fails
 * three attempts counts three failures.
 *
 * <p>Built on resilience4j: its {@code Retry} decides whether to retry and how long to wait (the jitter is its own,
 * from {@link Math#random()}), its {@code CircuitBreaker} and {@code TimeLimiter} do the rest. The retry loop itself
 * is Quarry's: it drives a {@code Retry.AsyncContext}, which hands back each wait instead of sleeping it
 * (resilience4j's blocking retry sleeps through one global, static hook), so that the wait is a {@code Thread.sleep}
 * here and tests can record it instead.
 *
 * <p>Immutable and thread-safe. A policy holds no state: each model wrapped with it gets its own circuit breaker.
 */
public final class ResiliencePolicy {
  /** Attempts per call, the first included, by default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The wait before the first retry, before jitter, by default. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);

  /** How much longer each wait is than the one before, by default. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;

  /** The longest wait between two attempts, and the longest retry-after honoured, by default. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** How far each wait moves at random, as a fraction of itself either way, by default. */
  public static final double DEFAULT_JITTER = 0.5;

  /** How long one attempt may take, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The percentage of failed attempts, among the last {@link #DEFAULT_SLIDING_WINDOW_SIZE}, that opens the breaker. */
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;

  /** How many of the latest attempts the breaker looks at, by default. */
  public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;

  /** How many attempts the breaker needs to have seen before it may open, by default. */
  public static final int DEFAULT_MINIMUM_CALLS = 10;

  /** How long an open breaker refuses calls before it lets trial calls through, by default. */
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);

  /** How many trial calls a half-open breaker lets through, by default. */
  public static final int DEFAULT_HALF_OPEN_CALLS = 3;

  private final String name;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final Optional<Duration> timeout;
  private final Optional<BreakerSettings> circuitBreaker;
  private final ObservationRegistry observationRegistry;
  private final InstantSource clock;
  private final Sleeper sleeper;

  private ResiliencePolicy(Builder b) {
    this.name = b.name;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.timeout = b.timeout;
    this.circuitBreaker = b.circuitBreaker
        ? Optional.of(new BreakerSettings(
            b.failureRateThreshold, b.slidingWindowSize, b.minimumCalls, b.openDuration, b.halfOpenCalls))
        : Optional.empty();
    this.observationRegistry = b.observationRegistry;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
  }

  /**
   * Starts a policy with the defaults: {@value #DEFAULT_MAX_ATTEMPTS} attempts, waits from 500ms doubling up to 30s
   * with a jitter of {@value #DEFAULT_JITTER}, a 60s timeout, a circuit breaker, no observations.
   *
   * @param name what the policy guards (a provider, say), in messages and observations; a low-cardinality value
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  public static Builder builder(String name) {
    return new Builder(requireNonBlank(name, "policy name"));
  }

  /** The name given to {@link #builder}. */
  public String name() {
    return name;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  Duration initialBackoff() {
    return initialBackoff;
  }

  double backoffMultiplier() {
    return backoffMultiplier;
  }

  Duration maxBackoff() {
    return maxBackoff;
  }

  double jitter() {
    return jitter;
  }

  Optional<Duration> timeout() {
    return timeout;
  }

  Optional<BreakerSettings> circuitBreaker() {
    return circuitBreaker;
  }

  ObservationRegistry observationRegistry() {
    return observationRegistry;
  }

  InstantSource clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  @Override
  public String toString() {
    return "ResiliencePolicy[" + name + ": " + maxAttempts + " attempts, backoff "
        + Durations.format(initialBackoff) + " x" + backoffMultiplier + " up to " + Durations.format(maxBackoff)
        + " jitter " + jitter + ", timeout " + timeout.map(Durations::format).orElse("none") + ", circuit breaker "
        + circuitBreaker.map(BreakerSettings::toString).orElse("none") + "]";
  }

  /**
   * Collects the settings of a {@link ResiliencePolicy}; {@link #build} checks the ones that depend on each other.
   * Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double jitter = DEFAULT_JITTER;
    private Optional<Duration> timeout = Optional.of(DEFAULT_TIMEOUT);
    private boolean circuitBreaker = true;
    private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
    private int minimumCalls = DEFAULT_MINIMUM_CALLS;
    private Duration openDuration = DEFAULT_OPEN_DURATION;
    private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private InstantSource clock = InstantSource.system();
    private Sleeper sleeper = Sleeper.REAL;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Attempts per call, the first included, at least 1 (no retry); {@value ResiliencePolicy#DEFAULT_MAX_ATTEMPTS} by
     * default.
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = requireAtLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** The wait before the first retry, before jitter, at least 1ms; 500ms by default. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = requireMillis(initialBackoff, "initialBackoff");
      return this;
    }

    /** How much longer each wait is than the one before, at least 1 (equal waits); 2 by default. */
    public Builder backoffMultiplier(double backoffMultiplier) {
      if (!(backoffMultiplier >= 1 && backoffMultiplier <= 100)) {
        throw new IllegalArgumentException("backoffMultiplier must be in [1, 100], was " + backoffMultiplier);
      }
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /**
     * The longest wait between two attempts, at least {@link #initialBackoff}; 30s by default. A failure whose
     * retry-after is longer is not retried.
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = requireMillis(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * How far each wait moves at random, as a fraction of itself either way, from 0 (no jitter) to 1; {@value
     * ResiliencePolicy#DEFAULT_JITTER} by default. Jitter keeps clients that failed together from retrying together.
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** How long one attempt may take, at least 1ms; 60s by default. A call may take up to every attempt's. */
    public Builder timeout(Duration timeout) {
      this.timeout = Optional.of(requireMillis(timeout, "timeout"));
      return this;
    }

    /** Attempts are not bounded in time: they run on the caller's thread, for as long as the model takes. */
    public Builder withoutTimeout() {
      this.timeout = Optional.empty();
      return this;
    }

    /**
     * The percentage of failed attempts among the latest {@link #slidingWindowSize} that opens the breaker, above 0
     * and at most 100; 50 by default.
     */
    public Builder failureRateThreshold(float percent) {
      if (!(percent > 0 && percent <= 100)) {
        throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + percent);
      }
      this.failureRateThreshold = percent;
      return this;
    }

    /** How many of the latest attempts the breaker looks at, at least 1; 20 by default. */
    public Builder slidingWindowSize(int attempts) {
      this.slidingWindowSize = requireAtLeast(attempts, 1, "slidingWindowSize");
      return this;
    }

    /**
     * How many attempts the breaker must have seen before it may open, at least 1 and at most {@link
     * #slidingWindowSize}; 10 by default.
     */
    public Builder minimumCalls(int attempts) {
      this.minimumCalls = requireAtLeast(attempts, 1, "minimumCalls");
      return this;
    }

    /** How long an open breaker refuses calls before it lets trial calls through, at least 1ms; 30s by default. */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = requireMillis(openDuration, "openDuration");
      return this;
    }

    /**
     * How many trial calls a half-open breaker lets through, at least 1; {@value
     * ResiliencePolicy#DEFAULT_HALF_OPEN_CALLS} by default. When they are done, it closes if their failure rate is
     * below the threshold and opens again otherwise; meanwhile it refuses other calls.
     */
    public Builder halfOpenCalls(int calls) {
      this.halfOpenCalls = requireAtLeast(calls, 1, "halfOpenCalls");
      return this;
    }

    /** No circuit breaker: every call is attempted, and the breaker settings are ignored. */
    public Builder withoutCircuitBreaker() {
      this.circuitBreaker = false;
      return this;
    }

    /**
     * Where calls are observed (see {@link Resilient} for what is recorded); {@link ObservationRegistry#NOOP},
     * nothing, by default. Give the application's registry even when these observations are not wanted: an
     * attempt with a timeout runs on a thread of its own, where only this registry's observation carries the
     * caller's; without it, an observed model inside loses its parent (and an answer the cost of the call).
     */
    public Builder observationRegistry(ObservationRegistry observationRegistry) {
      this.observationRegistry = requireNonNull(observationRegistry, "observationRegistry");
      return this;
    }

    /**
     * The time the circuit breaker reads to know when its open duration is over; the system clock by default. Tests
     * pass the testkit's {@code ManualClock} to open and half-open a breaker without waiting.
     */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How the retry loop waits; {@link Sleeper#REAL} by default. For tests, which record waits instead. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @throws IllegalArgumentException if {@code maxBackoff} is shorter than {@code initialBackoff}, or {@code
     *     minimumCalls} is larger than {@code slidingWindowSize}
     */
    public ResiliencePolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff (" + Durations.format(maxBackoff)
            + ") must not be shorter than initialBackoff (" + Durations.format(initialBackoff) + ")");
      }
      if (circuitBreaker && minimumCalls > slidingWindowSize) {
        throw new IllegalArgumentException("minimumCalls (" + minimumCalls
            + ") must not be larger than slidingWindowSize (" + slidingWindowSize + ")");
      }
      return new ResiliencePolicy(this);
    }
  }
}
