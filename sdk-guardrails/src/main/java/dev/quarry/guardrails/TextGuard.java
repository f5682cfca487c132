package dev.quarry.guardrails;

/**
 * Checks a text on its way into or out of a model: a user's question, a retrieved chunk, a tool result, an
 * answer. One method, so a lambda is a guard; guards compose with {@link #chain}.
 *
 * <p>Implementations should be immutable and thread-safe, like every guard of this module, and run in time
 * linear in the length of the text, since they see text from untrusted sources.
 */
@FunctionalInterface
public interface TextGuard {
  /**
   * Checks {@code text}.
   *
   * @param text the text to check, not null
   * @return {@link GuardResult.Allow}, {@link GuardResult.Transform} with the text to use instead, or
   *     {@link GuardResult.Block}
   * @throws IllegalArgumentException if {@code text} is null
   */
  GuardResult check(String text);

  /**
   * Guards run one after the other: each sees the output of the transforms before it, the first
   * {@link GuardResult.Block} stops the chain.
   *
   * <p>The result is {@link GuardResult.Allow} if every guard allowed the text; {@link GuardResult.Transform}
   * with the last text and the findings of every guard if any guard transformed it; or the first block, its
   * reason unchanged and its findings after those of the transforms before it. A finding's offsets refer to the
   * text its own guard was given (its {@link Finding#guard()} says which), so findings of a guard after a
   * transform point into the transformed text, not into the original.
   *
   * @param guards the guards, in the order they run; at least one
   * @return a guard that is immutable and thread-safe if the given guards are
   * @throws IllegalArgumentException if {@code guards} is null, empty or holds null
   */
  static TextGuard chain(TextGuard... guards) {
    return new GuardChain(guards);
  }
}
