package dev.quarry.agents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A plan written by the model: sub-tasks, each with the tool chosen for it and its arguments, or none when
 * the sub-task is answered directly in the final answer.
 *
 * <p>The model writes {@code {"steps": [{"task": "...", "tool": "name", "arguments": {...}}, ...]}};
 * {@link #parse} reads it from the reply text (code fences and words around the object are tolerated)
 * and says precisely what is wrong otherwise, so the model can repair it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param subTasks the sub-tasks, in order
 */
record Plan(List<SubTask> subTasks) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  Plan {
    subTasks = List.copyOf(subTasks);
  }

  /**
   * One sub-task.
   *
   * @param task what to find out or do, in the model's words
   * @param tool the tool to run, or empty to answer it directly
   * @param argumentsJson the tool's arguments as a JSON object text; {@code {}} without a tool
   */
  record SubTask(String task, Optional<String> tool, String argumentsJson) {}

  /** The plan is unusable; the message tells the model what to fix. */
  static final class InvalidPlanException extends Exception {
    InvalidPlanException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads and checks a plan.
   *
   * @param tools the names of the tools a sub-task may choose
   * @throws InvalidPlanException when the reply holds no JSON object, the object is not a plan, a step
   *     has no task, names an unknown tool or has arguments that are not an object, or there are no steps
   *     or more than {@code maxSubTasks}
   */
  static Plan parse(String reply, Set<String> tools, int maxSubTasks) throws InvalidPlanException {
    int start = reply.indexOf('{');
    int end = reply.lastIndexOf('}');
    if (start < 0 || end < start) {
      throw new InvalidPlanException("the reply holds no JSON object");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(reply.substring(start, end + 1));
    } catch (JacksonException e) {
      throw new InvalidPlanException("the plan is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode steps = root.path("steps");
    if (!steps.isArray() || steps.isEmpty()) {
      throw new InvalidPlanException("the plan needs a non-empty array \"steps\"");
    }
    if (steps.size() > maxSubTasks) {
      throw new InvalidPlanException(
          "the plan has " + steps.size() + " steps; at most " + maxSubTasks + " are allowed");
    }
    List<SubTask> subTasks = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      subTasks.add(subTask(steps.get(i), i + 1, tools));
    }
    return new Plan(subTasks);
  }

  private static SubTask subTask(JsonNode step, int number, Set<String> tools) throws InvalidPlanException {
    String where = "step " + number;
    if (!step.isObject()) {
      throw new InvalidPlanException(where + " must be an object, was " + step);
    }
    JsonNode task = step.path("task");
    if (!task.isTextual() || task.asText().isBlank()) {
      throw new InvalidPlanException(where + " needs a non-blank string \"task\"");
    }
    JsonNode tool = step.path("tool");
    if (tool.isMissingNode() || tool.isNull() || (tool.isTextual() && tool.asText().isBlank())) {
      return new SubTask(task.asText(), Optional.empty(), "{}");
    }
    if (!tool.isTextual()) {
      throw new InvalidPlanException(where + ": \"tool\" must be a tool name or null, was " + tool);
    }
    if (!tools.contains(tool.asText())) {
      throw new InvalidPlanException(where + " names an unknown tool '" + tool.asText()
          + "'; available tools: " + tools.stream().sorted().toList() + ", or null for none");
    }
    JsonNode arguments = step.path("arguments");
    if (arguments.isMissingNode() || arguments.isNull()) {
      return new SubTask(task.asText(), Optional.of(tool.asText()), "{}");
    }
    if (!arguments.isObject()) {
      throw new InvalidPlanException(where + ": \"arguments\" must be a JSON object, was " + arguments);
    }
    return new SubTask(task.asText(), Optional.of(tool.asText()), arguments.toString());
  }
}
