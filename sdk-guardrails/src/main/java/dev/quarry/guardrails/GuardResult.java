package dev.quarry.guardrails;

import java.util.List;

/**
 * What a {@link TextGuard} decided about a text: let it through unchanged, let a changed copy through, or stop
 * it with a reason. Switch over it:
 *
 * <pre>{@code
 * String safe = switch (guard.check(text)) {
 *   case GuardResult.Allow a -> text;
 *   case GuardResult.Transform t -> t.text();
 *   case GuardResult.Block b -> throw new IllegalStateException(b.reason());
 * };
 * }</pre>
 */
public sealed interface GuardResult {
  /** The text may pass as it is. */
  record Allow() implements GuardResult {}

  /**
   * The text may pass in the changed form {@code text}, for example with secrets replaced.
   *
   * @param text the text to use instead of the one checked
   * @param findings what caused the change; spans refer to the text checked, not to {@code text}
   */
  record Transform(String text, List<Finding> findings) implements GuardResult {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if {@code text} or {@code findings} is null or a finding is null
     */
    public Transform {
      Checks.requireNonNull(text, "text");
      findings = Checks.copyOf(findings, "findings");
    }
  }

  /**
   * The text must not be used.
   *
   * @param reason why, fit to log or show: it names categories and rules, never the offending text
   * @param findings the spans that caused the block (and, in a chain, those of earlier guards)
   */
  record Block(String reason, List<Finding> findings) implements GuardResult {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if {@code reason} is blank, {@code findings} is null or a finding is null
     */
    public Block {
      Checks.requireNonBlank(reason, "reason");
      findings = Checks.copyOf(findings, "findings");
    }
  }
}
