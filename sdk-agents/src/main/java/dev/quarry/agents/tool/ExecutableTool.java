package dev.quarry.agents.tool;

import dev.quarry.api.chat.ToolSpec;

/**
 * A tool written as code rather than as a {@link Tool @Tool} method: it states its own {@link ToolSpec}
 * and runs on the raw JSON arguments. Pass instances to {@link ToolBox#of(Object...)} next to objects
 * with {@code @Tool} methods; {@link RetrieverTool} is one.
 *
 * <p>{@link ToolBox} reads {@link #spec()} once, when it is built, and checks every call's arguments
 * against the spec's schema before {@link #execute(String)} runs, understanding the keywords
 * {@code type}, {@code enum}, {@code items}, {@code properties}, {@code required} and
 * {@code additionalProperties}. Arguments the schema's {@code properties} do not name are refused unless
 * {@code additionalProperties} is a schema. An exception thrown by {@code execute} becomes an error result
 * the model can read; an {@link Error} is not caught: it is thrown out of {@link ToolBox#execute} and out
 * of an agent's run.
 *
 * <p>Implementations must be thread-safe: an agent runs concurrent tool calls on several threads, and
 * interrupts a call that outlives its timeout.
 */
public interface ExecutableTool {

  /** The tool as the model sees it: name, description and the JSON schema of its arguments. */
  ToolSpec spec();

  /**
   * Runs the tool.
   *
   * @param argumentsJson the model's arguments, a JSON object already checked against the schema
   * @return the result the model reads, usually JSON
   * @throws Exception any failure; the model receives its type and message as an error result
   */
  String execute(String argumentsJson) throws Exception;

  /** Whether the tool changes something outside the agent; see {@link Tool#sideEffects()}. Default {@code false}. */
  default boolean sideEffects() {
    return false;
  }
}
