package dev.quarry.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Converts conversation turns between Quarry's sealed {@link Message} hierarchy and LangChain4j's messages.
 *
 * <p>Quarry messages are text only, so LangChain4j content other than text (images, audio, PDF) is refused with
 * LangChain4j's {@link UnsupportedFeatureException}, as its own providers do. A tool call without an id (some
 * providers send none) gets a generated, unique one, since Quarry echoes the id in the tool result.
 *
 * <p>Stateless and thread-safe.
 */
final class MessageMapping {
  /** Prefix of the ids given to tool calls that arrive without one. */
  static final String GENERATED_ID_PREFIX = "call_quarry_";

  private MessageMapping() {}

  static List<ChatMessage> toLangChain4j(List<Message> messages) {
    List<ChatMessage> converted = new ArrayList<>(messages.size());
    for (Message message : messages) {
      converted.add(toLangChain4j(message));
    }
    return converted;
  }

  static ChatMessage toLangChain4j(Message message) {
    return switch (message) {
      case SystemMessage system -> dev.langchain4j.data.message.SystemMessage.from(system.text());
      case UserMessage user -> dev.langchain4j.data.message.UserMessage.from(user.text());
      case AssistantMessage assistant -> toAiMessage(assistant);
      case ToolResultMessage result ->
          ToolExecutionResultMessage.builder()
              .id(result.toolCallId())
              .toolName(result.toolName())
              .text(result.content())
              .isError(result.error())
              .build();
    };
  }

  /** An assistant turn; text is left out (null) when the model only calls tools, as providers send it. */
  static AiMessage toAiMessage(AssistantMessage message) {
    List<ToolExecutionRequest> requests = new ArrayList<>(message.toolCalls().size());
    for (ToolCall call : message.toolCalls()) {
      requests.add(
          ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.argumentsJson()).build());
    }
    String text = message.text().isEmpty() && !requests.isEmpty() ? null : message.text();
    return AiMessage.builder().text(text).toolExecutionRequests(requests).build();
  }

  static List<Message> toQuarry(List<ChatMessage> messages) {
    List<Message> converted = new ArrayList<>(messages.size());
    for (ChatMessage message : messages) {
      converted.add(toQuarry(message));
    }
    return converted;
  }

  static Message toQuarry(ChatMessage message) {
    return switch (message) {
      case dev.langchain4j.data.message.SystemMessage system -> new SystemMessage(system.text());
      case dev.langchain4j.data.message.UserMessage user -> new UserMessage(text(user.contents(), "user message"));
      case AiMessage ai -> toAssistantMessage(ai);
      case ToolExecutionResultMessage result ->
          new ToolResultMessage(
              result.id(),
              result.toolName(),
              text(result.contents(), "tool result"),
              Boolean.TRUE.equals(result.isError()));
      default ->
          throw new UnsupportedFeatureException(
              "a Quarry chat model accepts system, user, AI and tool result messages, not "
                  + message.getClass().getName());
    };
  }

  /** An assistant turn; a missing text becomes empty and missing tool call ids are generated. */
  static AssistantMessage toAssistantMessage(AiMessage message) {
    String text = message.text() == null ? "" : message.text();
    List<ToolCall> calls = new ArrayList<>();
    if (message.toolExecutionRequests() != null) {
      for (ToolExecutionRequest request : message.toolExecutionRequests()) {
        calls.add(toToolCall(request));
      }
    }
    return new AssistantMessage(text, calls);
  }

  private static ToolCall toToolCall(ToolExecutionRequest request) {
    String id = isBlank(request.id()) ? GENERATED_ID_PREFIX + UUID.randomUUID() : request.id();
    String arguments = isBlank(request.arguments()) ? "{}" : request.arguments();
    return new ToolCall(id, request.name(), arguments);
  }

  private static String text(List<Content> contents, String what) {
    StringBuilder text = new StringBuilder();
    for (Content content : contents) {
      if (!(content instanceof TextContent part)) {
        throw new UnsupportedFeatureException(
            "a Quarry chat model takes text only; the " + what + " holds " + content.type() + " content");
      }
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(part.text());
    }
    return text.toString();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
