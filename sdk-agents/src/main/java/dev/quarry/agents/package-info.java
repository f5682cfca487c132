/**
 * Tool-using agents, chat memory and guarded text-to-SQL.
 *
 * <p>{@link dev.quarry.agents.Agent} loops a chat model over its tools until a final answer or a limit
 * (model calls, wall time, tokens, failing tool calls in a row); {@link dev.quarry.agents.PlanningAgent}
 * plans sub-tasks first, runs their tools, then writes the answer from their results. Both return an
 * {@link dev.quarry.agents.AgentResult} whose {@link dev.quarry.agents.AgentOutcome} says how the run ended
 * and whose {@link dev.quarry.agents.AgentTrace} holds every step. Tools live in
 * {@link dev.quarry.agents.tool}, memories in {@link dev.quarry.api.memory}.
 */
package dev.quarry.agents;
