package dev.quarry.agents;

import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of one run, for {@link Agent} and {@link PlanningAgent}: the budget (model calls, wall
 * time, tokens, failing tool calls in a row), the bounded model call, the trace and the listener.
 *
 * <p>Time is read from the {@link RunClock}: the system's unless the builder was given a clock.
 *
 * <p>Steps of {@link #chat}:
 *
 * <ol>
 *   <li>The model is called on a virtual thread and awaited until the run's deadline at most; at the
 *       deadline the thread is interrupted and abandoned, so a model that never answers cannot hang the
 *       run.
 *   <li>A reply is counted (one step, its tokens) and recorded in the trace, then the listener hears of it;
 *       a call that brings no reply is recorded as a {@link FailedModelStep} before the run stops.
 * </ol>
 *
 * <p>Not thread-safe: one instance per run, used by the run's thread only. Tool and model threads never
 * touch it.
 */
final class Run {
  private static final Logger LOG = LoggerFactory.getLogger(Run.class);

  private final ChatModel model;
  private final Limits limits;
  private final Optional<AgentListener> listener;
  private final RunClock clock;
  private final long start;
  private final long deadline;
  private final List<AgentStep> steps = new ArrayList<>();
  private TokenUsage usage = TokenUsage.ZERO;
  private final Observation observation;
  private int modelCalls;
  private int toolCalls;
  private int failuresInRow;
  private Optional<ToolOutcome> lastFailure = Optional.empty();

  /**
   * A run whose model calls, made on threads of their own, become children of {@code observation} (the run's, or
   * {@link Observation#NOOP}).
   */
  Run(ChatModel model, Limits limits, RunClock clock, Optional<AgentListener> listener, Observation observation) {
    this.observation = observation;
    this.model = model;
    this.limits = limits;
    this.clock = clock;
    this.listener = listener;
    this.start = clock.nanoTime();
    this.deadline = start + limits.wallTimeNanos();
  }

  /**
   * Throws when no further model call is allowed: the caller was interrupted, the wall time ran out, the
   * tokens are spent, or {@code maxSteps} calls were made.
   */
  void checkBudget() throws RunStopped {
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted();
    }
    if (deadline - clock.nanoTime() <= 0) {
      throw wallTime();
    }
    if (usage.totalTokens() >= limits.maxTotalTokens()) {
      throw new RunStopped(AgentOutcome.TOKEN_LIMIT, "stopped: " + usage.totalTokens()
          + " tokens used, the budget was " + limits.maxTotalTokens());
    }
    if (modelCalls >= limits.maxSteps()) {
      throw new RunStopped(AgentOutcome.MAX_STEPS,
          "stopped after " + plural(modelCalls, "model call") + " without a final answer");
    }
  }

  /** Calls the model within the remaining wall time and records the reply. */
  ChatResponse chat(ChatRequest request) throws RunStopped {
    long callStart = clock.nanoTime();
    FutureTask<ChatResponse> task = new FutureTask<>(() -> {
      try (Observation.Scope scope = observation.openScope()) {
        return model.chat(request);
      }
    });
    Thread.ofVirtual().name("quarry-agent-model").start(task);
    ChatResponse response;
    try {
      response = clock.await(task, deadline);
    } catch (TimeoutException e) {
      task.cancel(true);
      recordFailure(request, "abandoned when the wall time ran out", callStart);
      throw wallTime();
    } catch (InterruptedException e) {
      task.cancel(true);
      recordFailure(request, "abandoned: the calling thread was interrupted", callStart);
      throw interrupted();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      recordFailure(request, describe(cause), callStart);
      throw new RunStopped(AgentOutcome.MODEL_FAILED, "the chat model failed: " + describe(cause), cause);
    }
    if (response == null) {
      recordFailure(request, "no response", callStart);
      throw new RunStopped(AgentOutcome.MODEL_FAILED, "the chat model returned no response",
          new IllegalStateException(model.getClass().getName() + ".chat returned null"));
    }
    modelCalls++;
    usage = usage.plus(response.usage());
    record(new ModelStep(steps.size() + 1, request, response,
        Duration.ofNanos(clock.nanoTime() - callStart)));
    return response;
  }

  /**
   * Runs the calls concurrently and records one tool step per call, in call order; counts failures in a
   * row (a success resets the count).
   */
  List<ToolOutcome> runTools(List<ToolCall> calls, Function<ToolCall, ToolOutcome> executor)
      throws RunStopped {
    List<ToolOutcome> outcomes;
    try {
      outcomes = ToolRunner.runAll(calls, executor, limits.toolTimeoutNanos(), deadline, clock);
    } catch (InterruptedException e) {
      throw interrupted();
    }
    for (int i = 0; i < calls.size(); i++) {
      ToolOutcome outcome = outcomes.get(i);
      toolCalls++;
      if (outcome.error()) {
        failuresInRow++;
        lastFailure = Optional.of(outcome);
      } else {
        failuresInRow = 0;
      }
      record(new ToolStep(steps.size() + 1, calls.get(i), outcome));
    }
    return outcomes;
  }

  /**
   * Throws when {@code maxToolErrors} tool calls in a row failed. Calls stopped because the wall time ran
   * out count as failures too, but then the outcome is {@link AgentOutcome#WALL_TIME}: the limit that
   * stopped them, not the tools, ended the run.
   */
  void checkToolErrors() throws RunStopped {
    if (deadline - clock.nanoTime() <= 0) {
      throw wallTime();
    }
    if (failuresInRow >= limits.maxToolErrors()) {
      throw new RunStopped(AgentOutcome.TOOL_ERRORS, "stopped after " + plural(failuresInRow,
          "failing tool call") + " in a row; the last: " + lastFailure.map(ToolOutcome::content).orElse("?"));
    }
  }

  /** The result of a run that answered. */
  AgentResult answered(String answer) {
    String message = "answered after " + plural(modelCalls, "model call") + " and "
        + plural(toolCalls, "tool call");
    return new AgentResult(AgentOutcome.ANSWERED, Optional.of(answer), message, trace(), Optional.empty());
  }

  /** The result of a run that stopped early. */
  AgentResult stopped(RunStopped stop) {
    LOG.debug("agent run stopped: {}", stop.getMessage());
    return new AgentResult(stop.outcome(), Optional.empty(), stop.getMessage(), trace(), stop.error());
  }

  private AgentTrace trace() {
    return new AgentTrace(steps, Duration.ofNanos(clock.nanoTime() - start));
  }

  private void recordFailure(ChatRequest request, String failure, long callStart) {
    record(new FailedModelStep(steps.size() + 1, request, failure,
        Duration.ofNanos(clock.nanoTime() - callStart)));
  }

  private void record(AgentStep step) {
    steps.add(step);
    if (listener.isPresent()) {
      try {
        listener.get().onStep(step);
      } catch (RuntimeException e) {
        LOG.warn("agent listener failed on step {}; ignored", step.number(), e);
      }
    }
  }

  private RunStopped wallTime() {
    return new RunStopped(AgentOutcome.WALL_TIME, "stopped: the wall time of "
        + Durations.format(limits.maxWallTime()) + " ran out after " + plural(modelCalls, "model call")
        + " and " + plural(toolCalls, "tool call"));
  }

  private static RunStopped interrupted() {
    Thread.currentThread().interrupt();
    return new RunStopped(AgentOutcome.INTERRUPTED, "stopped: the calling thread was interrupted");
  }

  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
