package dev.quarry.agents;

import dev.quarry.api.memory.ChatMemory;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messages of one run: kept in a {@link ChatMemory} when the agent has one, else in a list that lives
 * as long as the run. The agent's system prompt is never stored; it is put first in every request, in
 * place of any system message the memory holds.
 *
 * <p>Not thread-safe: used by the run's thread only.
 */
final class Conversation {
  private final Optional<SystemMessage> system;
  private final Optional<ChatMemory> memory;
  private final List<Message> local = new ArrayList<>();

  Conversation(Optional<SystemMessage> system, Optional<ChatMemory> memory) {
    this.system = system;
    this.memory = memory;
  }

  void add(Message message) {
    if (memory.isPresent()) {
      memory.get().add(message);
    } else {
      local.add(message);
    }
  }

  /** The messages for the next request: the system prompt, then the remembered conversation. */
  List<Message> messages() {
    List<Message> messages = new ArrayList<>();
    system.ifPresent(messages::add);
    for (Message message : memory.map(ChatMemory::messages).orElse(local)) {
      if (!(message instanceof SystemMessage && system.isPresent())) {
        messages.add(message);
      }
    }
    return messages;
  }
}
