package dev.quarry.guardrails;

import java.util.List;

/**
 * What {@link InjectionDetector#detect} concluded about one text.
 *
 * @param score the sum, over the rule classes that matched, of each class's heaviest weight; 0 if none matched
 * @param injection whether {@code score} reached the detector's threshold
 * @param rules the rule classes that matched, heaviest first, such as {@code instruction_override}
 * @param findings one span per rule class, in the same order, guard {@value InjectionGuard#NAME}, category the
 *     rule class, offsets into the text checked
 */
public record InjectionVerdict(double score, boolean injection, List<String> rules, List<Finding> findings) {
  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException if {@code score} is negative or not finite, or a list is null or holds null
   */
  public InjectionVerdict {
    if (!(score >= 0) || Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite and >= 0, was " + score);
    }
    rules = Checks.copyOf(rules, "rules");
    findings = Checks.copyOf(findings, "findings");
  }
}
