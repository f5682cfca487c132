package dev.quarry.springai;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Converts a Quarry chat request into a Spring AI {@link Prompt}: the messages, the tools and the sampling options
 * both libraries have (temperature, maximum output tokens).
 *
 * <p>Options start from the model's own ({@code model.getOptions().mutate()}), as Spring AI's {@code ChatClient}
 * does, because a Spring AI 2 chat model takes a prompt's options as they are, without merging its defaults, and
 * expects its own options type. The request's tools replace any tool callbacks among the model's defaults, so the
 * model is offered exactly the tools the request names. Consecutive Quarry tool results become one Spring AI
 * {@link ToolResponseMessage}, as Spring AI's own tool loop sends them. Stateless and thread-safe.
 */
final class PromptMapping {
  private PromptMapping() {}

  static Prompt toSpringAi(ChatRequest request, ChatModel model) {
    return new Prompt(messages(request.messages()), options(request, model));
  }

  static List<org.springframework.ai.chat.messages.Message> messages(List<Message> messages) {
    List<org.springframework.ai.chat.messages.Message> converted = new ArrayList<>(messages.size());
    List<ToolResponseMessage.ToolResponse> pending = new ArrayList<>();
    for (Message message : messages) {
      if (message instanceof ToolResultMessage result) {
        pending.add(new ToolResponseMessage.ToolResponse(result.toolCallId(), result.toolName(), result.content()));
        continue;
      }
      flush(pending, converted);
      converted.add(
          switch (message) {
            case SystemMessage system -> new org.springframework.ai.chat.messages.SystemMessage(system.text());
            case UserMessage user -> new org.springframework.ai.chat.messages.UserMessage(user.text());
            case AssistantMessage assistant -> assistant(assistant);
            case ToolResultMessage result -> throw new IllegalStateException("tool results are grouped above");
          });
    }
    flush(pending, converted);
    return converted;
  }

  private static void flush(
      List<ToolResponseMessage.ToolResponse> pending, List<org.springframework.ai.chat.messages.Message> converted) {
    if (!pending.isEmpty()) {
      converted.add(ToolResponseMessage.builder().responses(List.copyOf(pending)).build());
      pending.clear();
    }
  }

  /** An assistant turn; text is left out (null) when the model only called tools, as providers send it. */
  private static org.springframework.ai.chat.messages.AssistantMessage assistant(AssistantMessage message) {
    List<org.springframework.ai.chat.messages.AssistantMessage.ToolCall> calls =
        new ArrayList<>(message.toolCalls().size());
    for (ToolCall call : message.toolCalls()) {
      calls.add(
          new org.springframework.ai.chat.messages.AssistantMessage.ToolCall(
              call.id(), "function", call.name(), call.argumentsJson()));
    }
    String text = message.text().isEmpty() && !calls.isEmpty() ? null : message.text();
    return org.springframework.ai.chat.messages.AssistantMessage.builder().content(text).toolCalls(calls).build();
  }

  /**
   * The model's options with the request's tools, temperature and output limit; null (the model's defaults) when
   * the model has no options and the request sets nothing.
   */
  private static ChatOptions options(ChatRequest request, ChatModel model) {
    ChatOptions defaults = model.getOptions();
    boolean setsSomething =
        !request.tools().isEmpty() || request.temperature().isPresent() || request.maxOutputTokens().isPresent();
    if (defaults == null && !setsSomething) {
      return null;
    }
    ChatOptions.Builder<?> builder = defaults == null ? ToolCallingChatOptions.builder() : defaults.mutate();
    if (builder instanceof ToolCallingChatOptions.Builder<?> tools) {
      List<ToolCallback> callbacks = new ArrayList<>(request.tools().size());
      for (ToolSpec spec : request.tools()) {
        callbacks.add(DeclaredTool.of(spec));
      }
      tools.toolCallbacks(callbacks);
    } else if (!request.tools().isEmpty()) {
      throw new IllegalArgumentException(
          "the Spring AI chat model " + model.getClass().getName() + " takes no tool definitions (its options,"
              + " " + defaults.getClass().getName() + ", are not ToolCallingChatOptions); send the request without"
              + " tools");
    }
    request.temperature().ifPresent(builder::temperature);
    request.maxOutputTokens().ifPresent(builder::maxTokens);
    return builder.build();
  }
}
