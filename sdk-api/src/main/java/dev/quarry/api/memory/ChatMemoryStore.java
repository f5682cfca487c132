package dev.quarry.api.memory;

import dev.quarry.api.chat.Message;
import java.util.List;

/**
 * Where chat memories keep their history, by memory id, so that a conversation survives a restart or moves
 * between instances. A database, a cache or a file can back it; {@link InMemoryChatMemoryStore} keeps it in
 * the heap.
 *
 * <p>A memory calls {@link #save} after every change with its whole, already trimmed history. Implementations
 * must be thread-safe; they need no cross-call transactions, because each memory serializes its own calls.
 * An exception thrown here reaches the memory's caller; the memory keeps the change, and its next successful
 * save writes it.
 */
public interface ChatMemoryStore {

  /** The history saved under {@code memoryId}, oldest first; empty when nothing is saved. Never null. */
  List<Message> load(String memoryId);

  /** Replaces the history saved under {@code memoryId}. */
  void save(String memoryId, List<Message> messages);

  /** Removes the history saved under {@code memoryId}; does nothing when there is none. */
  void delete(String memoryId);
}
