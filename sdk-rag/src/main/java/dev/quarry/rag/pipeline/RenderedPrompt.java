package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import java.util.List;

/**
 * A {@link PromptTemplate} with its variables filled in: the texts of the messages to send.
 *
 * <p>Immutable and thread-safe.
 *
 * @param system the system message, empty when the template has none
 * @param user the user message
 */
public record RenderedPrompt(String system, String user) {
  public RenderedPrompt {
    if (system == null || user == null) {
      throw new IllegalArgumentException("system and user texts must not be null");
    }
  }

  /** The chat messages: the system message if there is one, then the user message. */
  public List<Message> messages() {
    UserMessage message = new UserMessage(user);
    return system.isBlank() ? List.of(message) : List.of(new SystemMessage(system), message);
  }
}
