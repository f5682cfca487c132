package dev.quarry.agents;

import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;

/**
 * Runs a batch of tool calls (usually {@link dev.quarry.agents.tool.ToolBox#execute}) concurrently, one
 * virtual thread per call, and collects their outcomes in the order of the calls.
 *
 * <p>Each call is bounded by the tool timeout and by the run's deadline, whichever comes first. A call
 * still running at its bound is abandoned: its thread is interrupted and its outcome is an error the model
 * can read ("tool 'x' timed out after 2s"). A tool that ignores interrupts keeps its virtual thread busy
 * until it returns, but never holds up the run; one that computes without ever blocking also keeps one of
 * the virtual-thread scheduler's carrier threads until then.
 *
 * <p>Stateless and thread-safe.
 */
final class ToolRunner {
  private ToolRunner() {}

  /**
   * Runs {@code calls} and waits for them, at most until their bounds.
   *
   * @param deadline the run's deadline, in {@code clock}'s terms
   * @throws InterruptedException if the calling thread is interrupted; every call is then cancelled
   */
  static List<ToolOutcome> runAll(List<ToolCall> calls, Function<ToolCall, ToolOutcome> executor,
      long timeoutNanos, long deadline, RunClock clock)
      throws InterruptedException {
    long start = clock.nanoTime();
    List<FutureTask<ToolOutcome>> tasks = new ArrayList<>(calls.size());
    for (ToolCall call : calls) {
      FutureTask<ToolOutcome> task = new FutureTask<>(() -> executor.apply(call));
      Thread.ofVirtual().name("quarry-tool-" + call.name()).start(task);
      tasks.add(task);
    }
    List<ToolOutcome> outcomes = new ArrayList<>(calls.size());
    try {
      for (int i = 0; i < calls.size(); i++) {
        outcomes.add(await(tasks.get(i), calls.get(i), start, timeoutNanos, deadline, clock));
      }
    } finally {
      tasks.forEach(task -> task.cancel(true));
    }
    return outcomes;
  }

  private static ToolOutcome await(FutureTask<ToolOutcome> task, ToolCall call, long start,
      long timeoutNanos, long deadline, RunClock clock) throws InterruptedException {
    boolean byDeadline = deadline - start < timeoutNanos;
    long bound = byDeadline ? deadline : start + timeoutNanos;
    try {
      return clock.await(task, bound);
    } catch (TimeoutException e) {
      task.cancel(true);
      String why = byDeadline
          ? "tool '" + call.name() + "' was stopped: the run's wall time ran out"
          : "tool '" + call.name() + "' timed out after " + Durations.format(Duration.ofNanos(timeoutNanos));
      return error(call, why, start, clock);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      return error(call, "tool '" + call.name() + "' could not be run: " + cause, start, clock);
    }
  }

  private static ToolOutcome error(ToolCall call, String message, long start, RunClock clock) {
    return new ToolOutcome(
        call.id(), call.name(), message, true, Duration.ofNanos(clock.nanoTime() - start));
  }
}
