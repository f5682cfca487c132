package dev.quarry.agents;

import dev.quarry.agents.tool.ToolOutcome;
import dev.quarry.api.chat.ToolSpec;
import java.util.List;
import java.util.Map;

/** The texts the {@link PlanningAgent} sends: planning, repair and synthesis. Stateless and thread-safe. */
final class PlanPrompts {
  private PlanPrompts() {}

  /** Instructions for the planning call, with the tool catalogue. */
  static String planner(List<ToolSpec> tools, int maxSubTasks) {
    StringBuilder text = new StringBuilder("""
        You plan how to complete a task with tools. Break the task into at most %d independent sub-tasks. \
        For each, choose the one tool that does it and write its arguments, following the tool's JSON \
        schema; use "tool": null for a sub-task that needs no tool and is answered from the other results. \
        Sub-tasks run at the same time, so one cannot use another's result.

        Reply with one JSON object and nothing else:
        {"steps": [{"task": "what this step finds out", "tool": "tool_name", "arguments": {...}}]}

        Tools:
        """.formatted(maxSubTasks));
    for (ToolSpec tool : tools) {
      text.append("- ").append(tool.name()).append(": ").append(tool.description())
          .append("\n  arguments schema: ").append(tool.parametersJsonSchema()).append('\n');
    }
    return text.toString();
  }

  /** Asks the model to fix its plan. */
  static String repair(String problem) {
    return "Your plan could not be used: " + problem + ". Reply with the corrected plan: one JSON object"
        + " and nothing else.";
  }

  /** Instructions for the synthesis call. */
  static String synthesiser() {
    return """
        You write the final answer to a task from the results of its sub-tasks. Use only those results \
        and what the task says; when a sub-task failed, say what could not be found out rather than \
        guessing.""";
  }

  /** The task, then each sub-task with its tool result or error, fenced as data by {@code fence}. */
  static String results(String task, Plan plan, Map<Integer, ToolOutcome> outcomes, ToolResultFence fence) {
    StringBuilder text = new StringBuilder("Task: ").append(task).append("\n\nSub-tasks:\n");
    for (int i = 0; i < plan.subTasks().size(); i++) {
      Plan.SubTask subTask = plan.subTasks().get(i);
      text.append(i + 1).append(". ").append(subTask.task()).append('\n');
      ToolOutcome outcome = outcomes.get(i);
      if (outcome == null) {
        text.append("   No tool: answer this part yourself.\n");
      } else {
        text.append("   Tool ").append(outcome.toolName()).append(' ').append(subTask.argumentsJson())
            .append(outcome.error() ? " failed:\n" : " returned:\n")
            .append(fence.fence(outcome.callId(), outcome.toolName(), outcome.content())).append('\n');
      }
    }
    return text.append("\nWrite the final answer to the task.").toString();
  }
}
