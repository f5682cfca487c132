package dev.quarry.agents;

/**
 * Receives each step of a run as it is recorded: for progress display, logging or metrics. The same steps
 * end up in the {@link AgentTrace} of the result.
 *
 * <p>Called on the thread that called {@code run}, one step at a time and in trace order; the tool steps of
 * concurrent calls arrive when the whole batch is done, in the order of the calls. A listener shared by
 * concurrent runs must be thread-safe. An exception thrown by the listener is logged and ignored: it never
 * stops the run.
 *
 * <p>The listener is not bounded by the run's wall time: the run waits for it, so it should return quickly
 * (hand slow work, such as a remote write, to another thread). A listener that blocks blocks the run.
 */
@FunctionalInterface
public interface AgentListener {

  /** A step was recorded. */
  void onStep(AgentStep step);
}
