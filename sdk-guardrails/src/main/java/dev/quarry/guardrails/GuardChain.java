package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link TextGuard#chain}: guards in order, transforms fed forward, stopped at the first block. Immutable. */
final class GuardChain implements TextGuard {
  private final List<TextGuard> guards;

  GuardChain(TextGuard[] guards) {
    Checks.requireNonNull(guards, "guards");
    if (guards.length == 0) {
      throw new IllegalArgumentException("guards must not be empty");
    }
    this.guards = Checks.copyOf(Arrays.asList(guards), "guards");
  }

  @Override
  public GuardResult check(String text) {
    Checks.requireNonNull(text, "text");
    String current = text;
    boolean transformed = false;
    List<Finding> findings = new ArrayList<>();
    for (TextGuard guard : guards) {
      GuardResult result = guard.check(current);
      switch (result) {
        case GuardResult.Allow allow -> { }
        case GuardResult.Transform transform -> {
          current = transform.text();
          findings.addAll(transform.findings());
          transformed = true;
        }
        case GuardResult.Block block -> {
          findings.addAll(block.findings());
          return new GuardResult.Block(block.reason(), findings);
        }
        case null -> throw new IllegalStateException("guard " + guard + " returned null");
      }
    }
    return transformed ? new GuardResult.Transform(current, findings) : new GuardResult.Allow();
  }
}
