package dev.quarry.agents.tool;

/**
 * The model's arguments do not fit the tool: invalid JSON, a missing or unknown argument, a wrong type.
 * Caught by {@link ToolBox} and turned into an error outcome; never escapes the package.
 */
final class ToolArgumentException extends Exception {
  ToolArgumentException(String message) {
    super(message);
  }
}
