package dev.quarry.agents;

import dev.quarry.api.chat.ToolCall;
import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.observation.CostingContext;
import dev.quarry.observation.ObservationKeys;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * How agents observe a run ({@value ObservationNames#AGENT_RUN}) and its tool calls ({@value
 * ObservationNames#TOOL_CALL}, children of the run though they run on their own threads). Model calls are observed
 * by the chat model when it is an {@code ObservedChatModel}; they run in the run's scope, so they are its children
 * and their cost is summed on it. Stateless and thread-safe.
 */
final class AgentObservations {
  /** The tool name recorded for a call to a tool the agent does not have (the model's name is unbounded). */
  static final String UNKNOWN_TOOL = "unknown";

  private AgentObservations() {}

  /** The result of {@code body}, observed as one run of an agent of {@code kind}; the body gets the observation. */
  static AgentResult run(ObservationRegistry registry, String kind, Function<Observation, AgentResult> body) {
    CostingContext costs = new CostingContext();
    Observation observation = Observation.createNotStarted(ObservationNames.AGENT_RUN, () -> costs, registry)
        .contextualName("invoke_agent " + kind)
        .lowCardinalityKeyValue(ObservationKeys.OPERATION_NAME, "invoke_agent")
        .lowCardinalityKeyValue(ObservationKeys.AGENT_NAME, kind)
        .lowCardinalityKeyValue(ObservationKeys.OUTCOME, ObservationKeys.NONE);
    return Observations.observe(observation, () -> {
      AgentResult result = body.apply(observation);
      observation.lowCardinalityKeyValue(ObservationKeys.OUTCOME, result.outcome().name().toLowerCase(Locale.ROOT))
          .highCardinalityKeyValue(ObservationKeys.STEPS, Integer.toString(result.trace().steps().size()))
          .highCardinalityKeyValue(ObservationKeys.USAGE_INPUT_TOKENS, Integer.toString(result.usage().inputTokens()))
          .highCardinalityKeyValue(
              ObservationKeys.USAGE_OUTPUT_TOKENS, Integer.toString(result.usage().outputTokens()));
      costs.cost().ifPresent(cost -> observation.highCardinalityKeyValue(ObservationKeys.COST, cost.toString()));
      return result;
    });
  }

  /**
   * {@code executor} with each call observed under {@code run}; a call naming a tool outside {@code known} is
   * recorded as {@value #UNKNOWN_TOOL}, since the name comes from the model.
   */
  static Function<ToolCall, ToolOutcome> tools(ObservationRegistry registry, Observation run, Set<String> known,
      Function<ToolCall, ToolOutcome> executor) {
    if (registry.isNoop()) {
      return executor;
    }
    return call -> {
      String tool = known.contains(call.name()) ? call.name() : UNKNOWN_TOOL;
      Observation observation = Observation.createNotStarted(ObservationNames.TOOL_CALL, registry)
          .parentObservation(run)
          .contextualName("execute_tool " + tool)
          .lowCardinalityKeyValue(ObservationKeys.OPERATION_NAME, "execute_tool")
          .lowCardinalityKeyValue(ObservationKeys.TOOL_NAME, tool)
          .lowCardinalityKeyValue(ObservationKeys.OUTCOME, ObservationKeys.NONE);
      return Observations.observe(observation, () -> {
        ToolOutcome outcome = executor.apply(call);
        observation.lowCardinalityKeyValue(ObservationKeys.OUTCOME, outcome.error() ? "error" : "ok");
        return outcome;
      });
    };
  }
}
