package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNonBlank;

/** Instructions that frame the conversation. Immutable and thread-safe. */
public record SystemMessage(String text) implements Message {
  public SystemMessage {
    requireNonBlank(text, "system message text");
  }
}
