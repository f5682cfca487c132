package dev.quarry.testkit;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.tokenizer.TokenCounter;

/** One scripted turn of a {@link ScriptedChatModel}. Immutable and thread-safe. */
sealed interface ScriptStep {

  /** The response to {@code request}, or throws the scripted exception. */
  ChatResponse respond(ChatRequest request, TokenCounter counter);

  /** A message whose usage is estimated from the request and the message. */
  record Reply(AssistantMessage message, FinishReason finishReason) implements ScriptStep {
    @Override
    public ChatResponse respond(ChatRequest request, TokenCounter counter) {
      int input = 0;
      for (Message m : request.messages()) {
        input += count(m, counter);
      }
      return new ChatResponse(message, new TokenUsage(input, count(message, counter)), finishReason);
    }
  }

  /** A response returned as it is. */
  record Fixed(ChatResponse response) implements ScriptStep {
    @Override
    public ChatResponse respond(ChatRequest request, TokenCounter counter) {
      return response;
    }
  }

  /** An exception thrown instead of answering. */
  record Failure(RuntimeException error) implements ScriptStep {
    @Override
    public ChatResponse respond(ChatRequest request, TokenCounter counter) {
      throw error;
    }
  }

  /** Tokens of a message's text; a tool call counts its name and its arguments. */
  private static int count(Message message, TokenCounter counter) {
    return switch (message) {
      case SystemMessage s -> counter.countTokens(s.text());
      case UserMessage u -> counter.countTokens(u.text());
      case ToolResultMessage t -> counter.countTokens(t.content());
      case AssistantMessage a -> {
        int n = counter.countTokens(a.text());
        for (ToolCall call : a.toolCalls()) {
          n += counter.countTokens(call.name()) + counter.countTokens(call.argumentsJson());
        }
        yield n;
      }
    };
  }
}
