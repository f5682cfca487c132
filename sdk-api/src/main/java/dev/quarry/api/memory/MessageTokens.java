package dev.quarry.api.memory;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.tokenizer.TokenCounter;

/**
 * How many tokens a {@link Message} costs in a prompt: its text, each tool call's name and arguments, a tool
 * result's tool name and content, plus {@link TokenWindowMemory#MESSAGE_OVERHEAD_TOKENS}. Tool call ids are
 * not counted (most chat templates do not render them as text).
 *
 * <p>Thread-safe when its {@link TokenCounter} is, as the contract requires.
 */
final class MessageTokens {

  private final TokenCounter counter;

  /** Counts with {@code counter}, which must be the model's own so the window matches its limit. */
  MessageTokens(TokenCounter counter) {
    this.counter = MemoryChecks.requireNonNull(counter, "token counter");
  }

  /** The tokens {@code message} costs, overhead included. */
  int count(Message message) {
    MemoryChecks.requireNonNull(message, "message");
    int body = switch (message) {
      case SystemMessage s -> tokens(s.text());
      case UserMessage u -> tokens(u.text());
      case AssistantMessage a -> {
        int sum = tokens(a.text());
        for (ToolCall call : a.toolCalls()) {
          sum += tokens(call.name()) + tokens(call.argumentsJson());
        }
        yield sum;
      }
      case ToolResultMessage r -> tokens(r.toolName()) + tokens(r.content());
    };
    return TokenWindowMemory.MESSAGE_OVERHEAD_TOKENS + body;
  }

  private int tokens(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    int n = counter.countTokens(text);
    if (n < 0) {
      throw new IllegalStateException("token counter returned a negative count: " + n);
    }
    return n;
  }
}
