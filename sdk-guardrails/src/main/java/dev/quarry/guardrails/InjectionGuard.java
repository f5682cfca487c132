package dev.quarry.guardrails;

/**
 * A {@link TextGuard} that blocks text its {@link InjectionDetector} takes for a prompt injection, with the
 * reason {@code "possible prompt injection: <rule classes>"} and one finding per rule class; other text is
 * allowed. Use it on user input and on retrieved chunks or tool results before they reach a model:
 *
 * <pre>{@code
 * TextGuard input = TextGuard.chain(InjectionGuard.of(InjectionDetector.builder().build()),
 *     Redactor.builder().build());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class InjectionGuard implements TextGuard {
  /** The name of this guard in its {@link Finding}s. */
  public static final String NAME = "injection";

  private final InjectionDetector detector;

  private InjectionGuard(InjectionDetector detector) {
    this.detector = detector;
  }

  /**
   * A guard that blocks what {@code detector} flags.
   *
   * @throws IllegalArgumentException if {@code detector} is null
   */
  public static InjectionGuard of(InjectionDetector detector) {
    return new InjectionGuard(Checks.requireNonNull(detector, "detector"));
  }

  /**
   * {@link GuardResult.Block} if the detector flags {@code text}, else {@link GuardResult.Allow}.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  @Override
  public GuardResult check(String text) {
    InjectionVerdict verdict = detector.detect(text);
    if (!verdict.injection()) {
      return new GuardResult.Allow();
    }
    return new GuardResult.Block("possible prompt injection: " + String.join(", ", verdict.rules()),
        verdict.findings());
  }

  /** The detector this guard asks. */
  public InjectionDetector detector() {
    return detector;
  }
}
