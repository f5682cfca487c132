package dev.quarry.agents;

import java.util.Optional;

/**
 * Ends a run early with an outcome and a sentence; thrown inside a run and turned into its
 * {@link AgentResult}, never seen by callers.
 */
final class RunStopped extends Exception {
  private final AgentOutcome outcome;
  private final Optional<Throwable> error;

  RunStopped(AgentOutcome outcome, String message) {
    this(outcome, message, null);
  }

  RunStopped(AgentOutcome outcome, String message, Throwable error) {
    super(message, null, false, false);
    this.outcome = outcome;
    this.error = Optional.ofNullable(error);
  }

  AgentOutcome outcome() {
    return outcome;
  }

  Optional<Throwable> error() {
    return error;
  }
}
