package dev.quarry.api.memory;

import dev.quarry.api.chat.Message;
import java.util.List;

/**
 * The conversation an agent or a RAG pipeline remembers, trimmed to what should be sent to the model on the next turn. An
 * implementation decides what to forget (a window of messages, of tokens) and persists through a
 * {@link ChatMemoryStore}, so the history outlives one instance.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ChatMemory {

  /** The key under which this memory's history is stored, for example a user or session id. */
  String id();

  /**
   * Records {@code message}, then forgets the oldest messages that no longer fit.
   *
   * @throws IllegalArgumentException if {@code message} is null or cannot be kept by this memory
   */
  void add(Message message);

  /** What to send to the model now, oldest first: an immutable snapshot. */
  List<Message> messages();

  /** Forgets everything and deletes the stored history. */
  void clear();
}
