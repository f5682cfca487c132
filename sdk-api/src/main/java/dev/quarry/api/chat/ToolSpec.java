package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;

import java.util.regex.Pattern;

/**
 * Describes a tool to a chat model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name what the model calls it: letters, digits, {@code _} and {@code -}, at most 64 chars (the limit
 *     common to the main providers)
 * @param description when and why to use it; models choose tools by this text
 * @param parametersJsonSchema a JSON Schema object describing the arguments, as text (the API module has no
 *     JSON library; quarry-agents generates it from Java methods)
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public ToolSpec {
    requireNonBlank(name, "tool name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
    }
    requireNonNull(description, "tool description");
    requireNonBlank(parametersJsonSchema, "tool parameters schema");
  }
}
