package dev.quarry.api.memory;

import dev.quarry.api.chat.Message;
import java.util.List;

/**
 * A {@link ChatMemory} that keeps the last {@code maxMessages} messages, counting the system message.
 *
 * <p>Eviction, oldest first: the system message is pinned first (a new one replaces it); an assistant message
 * with tool calls and its tool results are forgotten together; a tool result must directly follow the
 * assistant message that requested it. A user message that cannot fit next to the system message is rejected
 * with {@link IllegalArgumentException}; an assistant message is kept alone instead, over the limit, with a
 * warning. The newest tool exchange is never split: if its results outgrow the window it is kept whole, over
 * the limit, and a warning is logged.
 *
 * <pre>{@code
 * ChatMemory memory = MessageWindowMemory.builder("session-42", 20).store(store).build();
 * }</pre>
 *
 * <p>Thread-safe: each call is atomic, and the history is saved to the store after every change. A memory
 * loads its id's history when it is built; keep one live memory per id.
 */
public final class MessageWindowMemory implements ChatMemory {

  private final MessageWindow window;

  private MessageWindowMemory(Builder b) {
    this.window = new MessageWindow(b.id, b.maxMessages, "messages", m -> 1, b.store);
  }

  /**
   * Starts a builder.
   *
   * @param id the key of the history in the store, not blank
   * @param maxMessages how many messages to keep, the system message included; at least 1
   */
  public static Builder builder(String id, int maxMessages) {
    return new Builder(id, maxMessages);
  }

  @Override
  public String id() {
    return window.id();
  }

  @Override
  public void add(Message message) {
    window.add(message);
  }

  @Override
  public List<Message> messages() {
    return window.messages();
  }

  @Override
  public void clear() {
    window.clear();
  }

  /** Builds a {@link MessageWindowMemory}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final int maxMessages;
    private ChatMemoryStore store;

    private Builder(String id, int maxMessages) {
      this.id = MemoryChecks.requireId(id);
      this.maxMessages = MemoryChecks.requirePositive(maxMessages, "maxMessages");
    }

    /** Where the history persists; by default a new {@link InMemoryChatMemoryStore} of its own. */
    public Builder store(ChatMemoryStore store) {
      this.store = MemoryChecks.requireNonNull(store, "store");
      return this;
    }

    /** Builds the memory, loading (and trimming to the window) the history stored under its id. */
    public MessageWindowMemory build() {
      if (store == null) {
        store = new InMemoryChatMemoryStore();
      }
      return new MessageWindowMemory(this);
    }
  }
}
