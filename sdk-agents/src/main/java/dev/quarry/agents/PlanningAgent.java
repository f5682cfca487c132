package dev.quarry.agents;

import dev.quarry.agents.tool.ToolBox;
import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.guardrails.TextGuard;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans first, then acts: the chat model splits a task into sub-tasks and picks a tool for each, the tools
 * run, and the model writes the answer from their results. Fewer model calls than an {@link Agent} for
 * tasks whose parts are independent, and a plan that can be inspected in the trace; an {@link Agent} suits
 * tasks where each step depends on the last.
 *
 * <pre>{@code
 * PlanningAgent planner = PlanningAgent.builder(chatModel)
 *     .tools(new WeatherTools(), RetrieverTool.builder(retriever).build())
 *     .maxWallTime(Duration.ofSeconds(30))
 *     .build();
 * AgentResult result = planner.run("Compare the weather in Paris and Rome this weekend.");
 * }</pre>
 *
 * <p>Steps of {@link #run}:
 *
 * <ol>
 *   <li>Plan: one model call, without tool specs in the request but with the tool catalogue (names,
 *       descriptions, argument schemas) in the prompt, asks for the plan as JSON. A plan that is not JSON,
 *       names an unknown tool or breaks another rule is sent back with what was wrong, up to
 *       {@code maxPlanRepairs} times; after that the run ends with {@link AgentOutcome#PLAN_INVALID}.
 *   <li>Execute: if the budget still allows the synthesis call, the sub-tasks' tool calls run
 *       concurrently, each bounded by the tool timeout, as in an {@link Agent}; sub-tasks without a tool
 *       are left to the synthesis. After {@code maxToolErrors} failing calls in a row the run ends.
 *   <li>Synthesise: one model call with the task and every sub-task's result or error writes the answer. Each
 *       result is fenced as data, as an {@link Agent} fences tool results, and the system message says so.
 * </ol>
 *
 * <p>The limits, outcomes, trace and listener are those of {@link Agent}: every model call (plan, repairs,
 * synthesis) counts as a step. The plan's arguments are fixed when it is written, so no sub-task can use
 * another's result.
 *
 * <p>Immutable and thread-safe when the model and the tools are.
 */
public final class PlanningAgent {
  /** Sub-tasks a plan may have when not set. */
  public static final int DEFAULT_MAX_SUB_TASKS = 8;
  /** Rounds in which the model may fix an invalid plan, when not set. */
  public static final int DEFAULT_MAX_PLAN_REPAIRS = 1;

  private final ChatModel model;
  private final ToolBox tools;
  private final Set<String> toolNames;
  private final Limits limits;
  private final RunClock clock;
  private final int maxSubTasks;
  private final int maxPlanRepairs;
  private final Sampling sampling;
  private final Optional<AgentListener> listener;
  private final ObservationRegistry observations;
  private final AgentGuards guards;
  private final ToolResultFence fence = new ToolResultFence();

  private PlanningAgent(Builder b) {
    this.model = b.model;
    this.tools = b.tools;
    this.toolNames = new LinkedHashSet<>(b.tools.specs().stream().map(ToolSpec::name).toList());
    this.limits = b.limits;
    this.clock = b.clock;
    this.maxSubTasks = b.maxSubTasks;
    this.maxPlanRepairs = b.maxPlanRepairs;
    this.sampling = b.sampling;
    this.listener = b.listener;
    this.observations = b.observations;
    this.guards = new AgentGuards(b.inputGuard, b.toolResultGuard);
  }

  /** Starts a builder for a planner over {@code model}; tools are required. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Plans, executes and synthesises an answer to {@code task}, within the limits.
   *
   * @throws IllegalArgumentException if {@code task} is null or blank
   */
  public AgentResult run(String task) {
    Checks.requireNonBlank(task, "task");
    return AgentObservations.run(observations, "planning_agent", observation -> run(task, observation));
  }

  private AgentResult run(String asked, Observation observation) {
    Run run = new Run(model, limits, clock, listener, observation);
    try {
      String task = guards.input(asked);
      Plan plan = plan(run, task);
      run.checkBudget(); // no tool runs unless the synthesis call may follow
      Map<Integer, ToolOutcome> outcomes = execute(run, plan,
          AgentObservations.tools(observations, observation, toolNames, guards.toolResults(tools::execute)));
      run.checkBudget();
      AssistantMessage reply = run.chat(request(List.of(ToolResultFence.withRule(PlanPrompts.synthesiser()),
          new UserMessage(PlanPrompts.results(task, plan, outcomes, fence))))).message();
      if (reply.text().isBlank()) {
        throw new RunStopped(AgentOutcome.MODEL_FAILED, "the synthesis reply held no text, only tool calls");
      }
      return run.answered(reply.text());
    } catch (RunStopped stop) {
      return run.stopped(stop);
    }
  }

  private Plan plan(Run run, String task) throws RunStopped {
    List<Message> messages = new ArrayList<>(List.of(
        new SystemMessage(PlanPrompts.planner(tools.specs(), maxSubTasks)), new UserMessage(task)));
    for (int round = 0; ; round++) {
      run.checkBudget();
      AssistantMessage reply = run.chat(request(messages)).message();
      try {
        return Plan.parse(reply.text(), toolNames, maxSubTasks);
      } catch (Plan.InvalidPlanException e) {
        if (round == maxPlanRepairs) {
          throw new RunStopped(AgentOutcome.PLAN_INVALID, "stopped: no valid plan after "
              + Run.plural(round, "repair round") + "; the last problem: " + e.getMessage());
        }
        if (!reply.hasToolCalls()) {
          messages.add(reply); // a tool call without its result would be refused by most providers
        }
        messages.add(new UserMessage(PlanPrompts.repair(e.getMessage())));
      }
    }
  }

  private ChatRequest request(List<Message> messages) {
    return sampling.apply(ChatRequest.builder(messages)).build();
  }

  /** Runs the sub-tasks that have a tool, concurrently; the outcomes are keyed by sub-task index. */
  private Map<Integer, ToolOutcome> execute(Run run, Plan plan, Function<ToolCall, ToolOutcome> executor)
      throws RunStopped {
    List<ToolCall> calls = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < plan.subTasks().size(); i++) {
      Plan.SubTask subTask = plan.subTasks().get(i);
      if (subTask.tool().isPresent()) {
        calls.add(new ToolCall("subtask-" + (i + 1), subTask.tool().get(), subTask.argumentsJson()));
        indexes.add(i);
      }
    }
    Map<Integer, ToolOutcome> outcomes = new HashMap<>();
    if (calls.isEmpty()) {
      return outcomes;
    }
    List<ToolOutcome> results = run.runTools(calls, executor);
    for (int i = 0; i < results.size(); i++) {
      outcomes.put(indexes.get(i), results.get(i));
    }
    run.checkToolErrors();
    return outcomes;
  }

  /** Configures a {@link PlanningAgent}; not thread-safe. */
  public static final class Builder {
    private final ChatModel model;
    private ToolBox tools;
    private Limits limits = Limits.DEFAULT;
    private RunClock clock = RunClock.SYSTEM;
    private int maxSubTasks = DEFAULT_MAX_SUB_TASKS;
    private int maxPlanRepairs = DEFAULT_MAX_PLAN_REPAIRS;
    private Sampling sampling = Sampling.DEFAULT;
    private Optional<AgentListener> listener = Optional.empty();
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private Optional<TextGuard> inputGuard = Optional.empty();
    private Optional<TextGuard> toolResultGuard = Optional.empty();

    private Builder(ChatModel model) {
      this.model = Checks.requireNonNull(model, "model");
    }

    /**
     * The tools a plan may use, as for {@link ToolBox#of}. Replaces tools set before.
     *
     * @throws IllegalArgumentException as {@link ToolBox#of} does
     */
    public Builder tools(Object... targets) {
      this.tools = ToolBox.of(targets);
      return this;
    }

    /** The tools a plan may use, already collected. Replaces tools set before. */
    public Builder toolBox(ToolBox toolBox) {
      this.tools = Checks.requireNonNull(toolBox, "toolBox");
      return this;
    }

    /** Sub-tasks per plan, at least 1; {@value PlanningAgent#DEFAULT_MAX_SUB_TASKS} by default. */
    public Builder maxSubTasks(int maxSubTasks) {
      if (maxSubTasks < 1) {
        throw new IllegalArgumentException("maxSubTasks must be at least 1, was " + maxSubTasks);
      }
      this.maxSubTasks = maxSubTasks;
      return this;
    }

    /**
     * Rounds in which the model may fix an invalid plan, 0 or more;
     * {@value PlanningAgent#DEFAULT_MAX_PLAN_REPAIRS} by default.
     */
    public Builder maxPlanRepairs(int maxPlanRepairs) {
      if (maxPlanRepairs < 0) {
        throw new IllegalArgumentException("maxPlanRepairs must be 0 or more, was " + maxPlanRepairs);
      }
      this.maxPlanRepairs = maxPlanRepairs;
      return this;
    }

    /** Model calls per run (plan, repairs, synthesis), at least 1; as {@link Agent.Builder#maxSteps}. */
    public Builder maxSteps(int maxSteps) {
      limits = limits.withMaxSteps(maxSteps);
      return this;
    }

    /** Wall time per run; as {@link Agent.Builder#maxWallTime}. */
    public Builder maxWallTime(Duration maxWallTime) {
      limits = limits.withMaxWallTime(maxWallTime);
      return this;
    }

    /** Tokens per run; as {@link Agent.Builder#maxTotalTokens}. */
    public Builder maxTotalTokens(long maxTotalTokens) {
      limits = limits.withMaxTotalTokens(maxTotalTokens);
      return this;
    }

    /** Time per tool call; as {@link Agent.Builder#toolTimeout}. */
    public Builder toolTimeout(Duration toolTimeout) {
      limits = limits.withToolTimeout(toolTimeout);
      return this;
    }

    /** Failing tool calls in a row that end the run; as {@link Agent.Builder#maxToolErrors}. */
    public Builder maxToolErrors(int maxToolErrors) {
      limits = limits.withMaxToolErrors(maxToolErrors);
      return this;
    }

    /** Sampling temperature for every model call; as {@link Agent.Builder#temperature}. */
    public Builder temperature(double temperature) {
      sampling = sampling.withTemperature(temperature);
      return this;
    }

    /** The most tokens each model call may generate; as {@link Agent.Builder#maxOutputTokens}. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      sampling = sampling.withMaxOutputTokens(maxOutputTokens);
      return this;
    }

    /** The clock the limits are measured on; as {@link Agent.Builder#clock}. */
    public Builder clock(InstantSource clock) {
      this.clock = RunClock.of(clock);
      return this;
    }

    /** Hears of every step as it is recorded. */
    public Builder listener(AgentListener listener) {
      this.listener = Optional.of(Checks.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Checks the user's task before the model sees it: a {@code Transform} (say, redacted personal data) is
     * what the model reads, a {@code Block} (say, a prompt injection) ends the run with {@link AgentOutcome#BLOCKED}
     * before any model call. None unless set.
     */
    public Builder inputGuard(TextGuard guard) {
      this.inputGuard = Optional.of(Checks.requireNonNull(guard, "input guard"));
      return this;
    }

    /**
     * Checks each tool result before it joins the conversation: a {@code Transform} replaces it, a {@code Block}
     * withholds it (the model reads that it was withheld, as an error result). Text a tool returns (a web page, a
     * document) is written by anyone. None unless set.
     */
    public Builder toolResultGuard(TextGuard guard) {
      this.toolResultGuard = Optional.of(Checks.requireNonNull(guard, "tool-result guard"));
      return this;
    }

    /**
     * Where each run is observed ({@code quarry.agent.run}: outcome, steps, tokens, and the cost of an {@code
     * ObservedChatModel} with prices) with each tool call under it ({@code quarry.tool.call}: tool name and
     * outcome). None ({@link ObservationRegistry#NOOP}) unless set.
     */
    public Builder observationRegistry(ObservationRegistry observations) {
      this.observations = Checks.requireNonNull(observations, "observation registry");
      return this;
    }

    /**
     * Builds the planner.
     *
     * @throws IllegalStateException if no tools were set
     */
    public PlanningAgent build() {
      if (tools == null) {
        throw new IllegalStateException("a PlanningAgent needs tools: call tools(...) or toolBox(...)");
      }
      return new PlanningAgent(this);
    }
  }
}
