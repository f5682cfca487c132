package dev.quarry.springai;

import dev.quarry.api.chat.ToolSpec;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A Quarry {@link ToolSpec} as the {@link ToolCallback} Spring AI's options carry: it describes the tool to the
 * model and cannot run it. Quarry's caller (its agent loop) runs the tools the model asks for; since Spring AI 2.0
 * chat models do not execute tools themselves (that moved to {@code ChatClient}'s tool-calling advisor), the model
 * returns the calls, and {@link #call} is never reached through {@link SpringAiChatModel}.
 *
 * <p>Immutable and thread-safe.
 */
record DeclaredTool(ToolDefinition definition) implements ToolCallback {

  static DeclaredTool of(ToolSpec spec) {
    return new DeclaredTool(
        ToolDefinition.builder()
            .name(spec.name())
            .description(spec.description()) // the builder derives one from the name when empty
            .inputSchema(spec.parametersJsonSchema())
            .build());
  }

  @Override
  public ToolDefinition getToolDefinition() {
    return definition;
  }

  /** Always refuses: Quarry declares this tool to the model and runs it itself. */
  @Override
  public String call(String toolInput) {
    throw new UnsupportedOperationException(
        "tool '" + definition.name() + "' is declared by Quarry and run by Quarry's caller; a Spring AI tool loop"
            + " must not execute it");
  }
}
