package dev.quarry.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.quarry.api.chat.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts tool descriptions: Quarry's {@link ToolSpec} carries its parameters as JSON Schema text, LangChain4j's
 * {@link ToolSpecification} as schema elements. Stateless and thread-safe.
 */
final class ToolSpecMapping {
  private ToolSpecMapping() {}

  static List<ToolSpecification> toLangChain4j(List<ToolSpec> tools) {
    List<ToolSpecification> converted = new ArrayList<>(tools.size());
    for (ToolSpec tool : tools) {
      converted.add(
          ToolSpecification.builder()
              .name(tool.name())
              .description(tool.description().isEmpty() ? null : tool.description())
              .parameters(JsonSchemaReader.readParameters(tool.parametersJsonSchema(), tool.name()))
              .build());
    }
    return converted;
  }

  static List<ToolSpec> toQuarry(List<ToolSpecification> tools) {
    List<ToolSpec> converted = new ArrayList<>(tools.size());
    for (ToolSpecification tool : tools) {
      converted.add(
          new ToolSpec(
              tool.name(),
              tool.description() == null ? "" : tool.description(),
              JsonSchemaWriter.writeParameters(tool.parameters())));
    }
    return converted;
  }
}
