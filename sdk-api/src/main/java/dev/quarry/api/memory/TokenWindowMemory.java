package dev.quarry.api.memory;

import dev.quarry.api.chat.Message;
import dev.quarry.api.tokenizer.TokenCounter;
import java.util.List;

/**
 * A {@link ChatMemory} that keeps the newest messages whose tokens add up to at most {@code maxTokens},
 * counting the system message, so the history fits the model's context next to the question.
 *
 * <p>Tokens are counted with the model's {@link TokenCounter}: each message's text, tool names, tool-call
 * arguments and tool results (not tool call ids, which templates rarely render), plus
 * {@link #MESSAGE_OVERHEAD_TOKENS} per message for the role and separators that chat templates add.
 *
 * <p>Eviction, oldest first: the system message is pinned first (a new one replaces it); an assistant message
 * with tool calls and its tool results are forgotten together; a tool result must directly follow the
 * assistant message that requested it. A user message too large to fit next to the system message is
 * rejected with {@link IllegalArgumentException} rather than silently emptying the memory; an assistant
 * message that large (a reply already paid for) is kept alone, over the limit, with a warning. The newest
 * tool exchange is never split: if its results outgrow the window it is kept whole, over the limit, and a
 * warning is logged.
 *
 * <pre>{@code
 * ChatMemory memory = TokenWindowMemory.builder("session-42", 3000, tokenizer).store(store).build();
 * }</pre>
 *
 * <p>Thread-safe: each call is atomic, and the history is saved to the store after every change. A memory
 * loads its id's history when it is built; keep one live memory per id.
 */
public final class TokenWindowMemory implements ChatMemory {

  /**
   * Tokens added per message for the role marker and separators a chat template wraps it in; OpenAI documents
   * about 3 to 4 for its models, and Llama-style templates are similar, so 4 errs on the safe side.
   */
  public static final int MESSAGE_OVERHEAD_TOKENS = 4;

  private final MessageWindow window;

  private TokenWindowMemory(Builder b) {
    MessageTokens tokens = new MessageTokens(b.counter);
    this.window = new MessageWindow(b.id, b.maxTokens, "tokens", tokens::count, b.store);
  }

  /**
   * Starts a builder.
   *
   * @param id the key of the history in the store, not blank
   * @param maxTokens the window, the system message included; at least 1
   * @param counter the model's token counter, thread-safe
   */
  public static Builder builder(String id, int maxTokens, TokenCounter counter) {
    return new Builder(id, maxTokens, counter);
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

  /** Builds a {@link TokenWindowMemory}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final int maxTokens;
    private final TokenCounter counter;
    private ChatMemoryStore store;

    private Builder(String id, int maxTokens, TokenCounter counter) {
      this.id = MemoryChecks.requireId(id);
      this.maxTokens = MemoryChecks.requirePositive(maxTokens, "maxTokens");
      this.counter = MemoryChecks.requireNonNull(counter, "token counter");
    }

    /** Where the history persists; by default a new {@link InMemoryChatMemoryStore} of its own. */
    public Builder store(ChatMemoryStore store) {
      this.store = MemoryChecks.requireNonNull(store, "store");
      return this;
    }

    /** Builds the memory, loading (and trimming to the window) the history stored under its id. */
    public TokenWindowMemory build() {
      if (store == null) {
        store = new InMemoryChatMemoryStore();
      }
      return new TokenWindowMemory(this);
    }
  }
}
