package dev.quarry.agents;

import dev.quarry.api.memory.ChatMemory;
import dev.quarry.agents.tool.ToolBox;
import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.guardrails.TextGuard;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model that calls tools until it gives a final answer, within limits.
 *
 * <pre>{@code
 * Agent agent = Agent.builder(chatModel)
 *     .systemPrompt("You answer questions about orders. Look things up; never guess.")
 *     .tools(new OrderTools(), RetrieverTool.builder(retriever).build())
 *     .memory(MessageWindowMemory.builder(sessionId, 40).store(store).build())
 *     .maxSteps(8)
 *     .maxWallTime(Duration.ofSeconds(60))
 *     .build();
 * AgentResult result = agent.run("Where is my order 42?");
 * }</pre>
 *
 * <p>Steps of {@link #run}:
 *
 * <ol>
 *   <li>The user message joins the conversation (the memory, or a fresh one for this run).
 *   <li>Before each model call the budget is checked: wall time, tokens, model calls. The model is called
 *       with the system prompt, the conversation and the tool specs, and is abandoned at the wall time.
 *   <li>A reply without tool calls is the final answer: it joins the conversation and the run ends.
 *   <li>A reply with tool calls is checked against the budget again (its tools are not run if no model
 *       call may follow), then its calls run concurrently, each bounded by the tool timeout. Results,
 *       errors included, join the conversation in call order and go back to the model: an unknown tool,
 *       invalid arguments, an exception or a timeout is an error result the model can correct. After
 *       {@code maxToolErrors} failing calls in a row the run ends.
 * </ol>
 *
 * <p><b>Tool results are data.</b> Each goes to the model fenced between a line {@code <tool-result-CODE>} and a
 * line {@code </tool-result-CODE>}, with CODE eight hex digits the result cannot know (an HMAC of the result under a
 * key drawn once per JVM), and the system message tells the model that what is fenced is data, never instructions.
 * That rule follows the system prompt, or is the system message when there is none, in every request of an agent
 * that offers tools, and in every request that holds a tool result. The memory keeps the results unfenced, so a
 * {@code TokenWindowMemory} counts them without their fence lines, and without the rule.
 *
 * <p><b>Tools with side effects</b> ({@link dev.quarry.agents.tool.Tool#sideEffects()}) run only on the user's
 * word: in the model's first reply to the user's message, while the messages it was sent hold no tool result (none
 * from this run, none from earlier turns in the memory). Once a tool result is in what the model reads, text
 * written by anyone (a retrieved document, a web page, another tool's output) could be steering it, so a call to
 * such a tool runs only if the {@link Builder#approval ToolApproval} approves it; without one, or when it refuses,
 * the call is not run and the model reads why.
 *
 * <p>Every limit and failure ends the run with an {@link AgentOutcome} and a sentence; {@code run} throws
 * only for a null or blank message, an {@link Error}, or a failure of the memory. The token limit is
 * checked after each call, so a run can overshoot it by one call's tokens; a final answer is returned even
 * if its call crossed the limit.
 *
 * <p>The model and the tools are called on virtual threads, not on the caller's, so that they can be
 * bounded: thread-local context (a logging MDC, a transaction) does not reach them. A model or tool that
 * ignores interrupts keeps its virtual thread until it returns, but the run does not wait for it. The memory
 * and the listener are called on the caller's thread and are not bounded by the wall time: they must not
 * block for long.
 *
 * <p>Immutable and thread-safe: concurrent runs share nothing but the model, the tools and the memory,
 * which must be thread-safe themselves. Concurrent runs over one memory interleave their messages; give
 * each conversation its own memory.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** Model calls per run when not set. */
  public static final int DEFAULT_MAX_STEPS = 10;
  /** Wall time per run when not set. */
  public static final Duration DEFAULT_MAX_WALL_TIME = Duration.ofMinutes(2);
  /** Time per tool call when not set. */
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
  /** Failing tool calls in a row that end a run, when not set. */
  public static final int DEFAULT_MAX_TOOL_ERRORS = 3;

  private final ChatModel model;
  private final Function<ToolCall, ToolOutcome> executor;
  private final Optional<ToolBox> toolBox;
  private final Optional<ToolApproval> approval;
  private final List<ToolSpec> specs;
  private final Set<String> toolNames;
  private final Optional<SystemMessage> systemPrompt;
  private final Optional<ChatMemory> memory;
  private final Limits limits;
  private final RunClock clock;
  private final Sampling sampling;
  private final Optional<AgentListener> listener;
  private final ObservationRegistry observations;
  private final AgentGuards guards;
  private final ToolResultFence fence = new ToolResultFence();

  private Agent(Builder b) {
    this.model = b.model;
    this.executor = b.tools.<Function<ToolCall, ToolOutcome>>map(box -> box::execute).orElse(Agent::noTools);
    this.toolBox = b.tools;
    this.approval = b.approval;
    this.specs = b.tools.map(ToolBox::specs).orElse(List.of());
    this.toolNames = specs.stream().map(ToolSpec::name).collect(Collectors.toUnmodifiableSet());
    this.systemPrompt = b.systemPrompt;
    this.memory = b.memory;
    this.limits = b.limits;
    this.clock = b.clock;
    this.sampling = b.sampling;
    this.listener = b.listener;
    this.observations = b.observations;
    this.guards = new AgentGuards(b.inputGuard, b.toolResultGuard);
  }

  /** Starts a builder for an agent over {@code model}, which should support native tool calling. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Runs the agent on {@code userMessage} until a final answer or a limit.
   *
   * @throws IllegalArgumentException if {@code userMessage} is null or blank
   */
  public AgentResult run(String userMessage) {
    Checks.requireNonBlank(userMessage, "userMessage");
    return AgentObservations.run(observations, "agent", observation -> run(userMessage, observation));
  }

  private AgentResult run(String userMessage, Observation observation) {
    Function<ToolCall, ToolOutcome> guarded = guards.toolResults(executor);
    Run run = new Run(model, limits, clock, listener, observation);
    Conversation conversation = new Conversation(systemPrompt, memory);
    try {
      conversation.add(new UserMessage(guards.input(userMessage))); // a blocked message joins no memory
      // On the user's word only while the model has seen no tool result: none in the memory either, since a
      // document read in an earlier turn could be the one asking
      boolean onUsersWord = conversation.messages().stream().noneMatch(m -> m instanceof ToolResultMessage);
      while (true) {
        run.checkBudget();
        ChatResponse response = run.chat(request(conversation.messages()));
        AssistantMessage reply = response.message();
        if (!reply.hasToolCalls()) {
          conversation.add(reply);
          return run.answered(reply.text());
        }
        run.checkBudget();
        Set<ToolCall> refused = onUsersWord ? Set.of() : unapproved(reply.toolCalls());
        List<ToolOutcome> outcomes = run.runTools(reply.toolCalls(), AgentObservations.tools(observations,
            observation, toolNames, call -> refused.contains(call) ? refusal(call) : guarded.apply(call)));
        onUsersWord = false;
        conversation.add(reply); // only with its results: a memory must never keep a call without them
        outcomes.forEach(outcome -> conversation.add(outcome.toMessage()));
        run.checkToolErrors();
      }
    } catch (RunStopped stop) {
      return run.stopped(stop);
    }
  }

  private ChatRequest request(List<Message> messages) {
    return sampling.apply(ChatRequest.builder(fence.apply(messages, !specs.isEmpty())).tools(specs)).build();
  }

  /** The calls of tools with side effects that the approval does not approve (all of them without one). */
  private Set<ToolCall> unapproved(List<ToolCall> calls) {
    Set<ToolCall> refused = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ToolCall call : calls) {
      if (toolBox.isPresent() && toolBox.get().hasSideEffects(call.name()) && !approved(call)) {
        refused.add(call);
      }
    }
    return refused;
  }

  private boolean approved(ToolCall call) {
    try {
      return approval.isPresent() && approval.get().approve(call);
    } catch (RuntimeException e) {
      LOG.warn("the tool approval failed for a call of '{}'; the call is refused",
          toolNames.contains(call.name()) ? call.name() : AgentObservations.UNKNOWN_TOOL, e);
      return false;
    }
  }

  private static ToolOutcome refusal(ToolCall call) {
    return new ToolOutcome(call.id(), call.name(), "tool '" + call.name() + "' changes things outside this"
        + " conversation and was not run: after tool results came in, it runs only with the application's"
        + " approval, which it did not give; the user can ask for it in a message of their own.", true,
        Duration.ZERO);
  }

  private static ToolOutcome noTools(ToolCall call) {
    return new ToolOutcome(call.id(), call.name(), "unknown tool '" + call.name()
        + "'; no tools are available to this agent", true, Duration.ZERO);
  }

  /** Configures an {@link Agent}; not thread-safe. */
  public static final class Builder {
    private final ChatModel model;
    private Optional<ToolBox> tools = Optional.empty();
    private Optional<SystemMessage> systemPrompt = Optional.empty();
    private Optional<ChatMemory> memory = Optional.empty();
    private Limits limits = Limits.DEFAULT;
    private RunClock clock = RunClock.SYSTEM;
    private Sampling sampling = Sampling.DEFAULT;
    private Optional<AgentListener> listener = Optional.empty();
    private Optional<ToolApproval> approval = Optional.empty();
    private Optional<TextGuard> inputGuard = Optional.empty();
    private Optional<TextGuard> toolResultGuard = Optional.empty();
    private ObservationRegistry observations = ObservationRegistry.NOOP;

    private Builder(ChatModel model) {
      this.model = Checks.requireNonNull(model, "model");
    }

    /**
     * The tools the model may call: objects with {@link dev.quarry.agents.tool.Tool @Tool} methods and
     * {@link dev.quarry.agents.tool.ExecutableTool}s, as for {@link ToolBox#of}. Replaces tools set before.
     *
     * @throws IllegalArgumentException as {@link ToolBox#of} does
     */
    public Builder tools(Object... targets) {
      this.tools = Optional.of(ToolBox.of(targets));
      return this;
    }

    /** The tools the model may call, already collected. Replaces tools set before. */
    public Builder toolBox(ToolBox toolBox) {
      this.tools = Optional.of(Checks.requireNonNull(toolBox, "toolBox"));
      return this;
    }

    /** Instructions sent first in every request; never stored in the memory. */
    public Builder systemPrompt(String systemPrompt) {
      Checks.requireNonBlank(systemPrompt, "systemPrompt");
      this.systemPrompt = Optional.of(new SystemMessage(systemPrompt));
      return this;
    }

    /**
     * Where the conversation is kept across runs. The user message, the replies and the tool results are
     * added to it, and each request sends what it returns. Without a memory each run starts fresh.
     */
    public Builder memory(ChatMemory memory) {
      this.memory = Optional.of(Checks.requireNonNull(memory, "memory"));
      return this;
    }

    /** Model calls per run, at least 1; {@value Agent#DEFAULT_MAX_STEPS} by default. */
    public Builder maxSteps(int maxSteps) {
      limits = limits.withMaxSteps(maxSteps);
      return this;
    }

    /** Wall time per run, model and tool calls included; 2 minutes by default. */
    public Builder maxWallTime(Duration maxWallTime) {
      limits = limits.withMaxWallTime(maxWallTime);
      return this;
    }

    /** Tokens (input plus output, summed over the model calls) per run; unlimited by default. */
    public Builder maxTotalTokens(long maxTotalTokens) {
      limits = limits.withMaxTotalTokens(maxTotalTokens);
      return this;
    }

    /** Time per tool call, after which the call is interrupted and reported as failed; 30 s by default. */
    public Builder toolTimeout(Duration toolTimeout) {
      limits = limits.withToolTimeout(toolTimeout);
      return this;
    }

    /**
     * Failing tool calls in a row (each an error result the model may correct) after which the run ends;
     * {@value Agent#DEFAULT_MAX_TOOL_ERRORS} by default. A successful call resets the count.
     */
    public Builder maxToolErrors(int maxToolErrors) {
      limits = limits.withMaxToolErrors(maxToolErrors);
      return this;
    }

    /** Sampling temperature for every model call, from 0 to 2; the provider's default if not set. */
    public Builder temperature(double temperature) {
      sampling = sampling.withTemperature(temperature);
      return this;
    }

    /** The most tokens each model call may generate, at least 1; the provider's default if not set. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      sampling = sampling.withMaxOutputTokens(maxOutputTokens);
      return this;
    }

    /**
     * The clock the wall time and the tool timeouts are measured on; {@link System#nanoTime()} when not set.
     * Meant for tests: with the testkit's {@code ManualClock} a test moves time itself instead of sleeping. A
     * clock that was set is read every millisecond while a call is awaited; leave it unset in production.
     */
    public Builder clock(InstantSource clock) {
      this.clock = RunClock.of(clock);
      return this;
    }

    /**
     * Decides on calls of tools with side effects that come after tool results; see the class comment. None
     * unless set: such calls are refused.
     */
    public Builder approval(ToolApproval approval) {
      this.approval = Optional.of(Checks.requireNonNull(approval, "approval"));
      return this;
    }

    /** Hears of every step as it is recorded. */
    public Builder listener(AgentListener listener) {
      this.listener = Optional.of(Checks.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Checks the user's message before the model sees it: a {@code Transform} (say, redacted personal data) is
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

    /** Builds the agent. */
    public Agent build() {
      return new Agent(this);
    }
  }
}
