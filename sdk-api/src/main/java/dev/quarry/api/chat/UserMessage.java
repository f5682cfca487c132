package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonBlank;

/** What the user said. Immutable and thread-safe. */
public record UserMessage(String text) implements Message {
  public UserMessage {
    requireNonBlank(text, "user message text");
  }
}
