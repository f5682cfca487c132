package dev.quarry.api.memory;

import dev.quarry.api.chat.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ChatMemoryStore} in the heap: histories last as long as this object. Useful for tests and for
 * sharing one history between memories of the same process.
 *
 * <p>Thread-safe: a concurrent map of immutable lists.
 */
public final class InMemoryChatMemoryStore implements ChatMemoryStore {

  private final Map<String, List<Message>> histories = new ConcurrentHashMap<>();

  @Override
  public List<Message> load(String memoryId) {
    return histories.getOrDefault(MemoryChecks.requireId(memoryId), List.of());
  }

  @Override
  public void save(String memoryId, List<Message> messages) {
    MemoryChecks.requireId(memoryId);
    if (messages == null) {
      throw new IllegalArgumentException("messages must not be null");
    }
    histories.put(memoryId, List.copyOf(messages));
  }

  @Override
  public void delete(String memoryId) {
    histories.remove(MemoryChecks.requireId(memoryId));
  }
}
