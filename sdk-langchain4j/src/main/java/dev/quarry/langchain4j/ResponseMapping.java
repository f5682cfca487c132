package dev.quarry.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;

/**
 * Converts a chat model's reply, its token usage and its finish reason between the two libraries.
 *
 * <p>Unknown usage is {@link TokenUsage#ZERO} in Quarry and {@code null} in LangChain4j; an unknown finish reason
 * is {@link FinishReason#OTHER} in Quarry and {@code null} in LangChain4j. Stateless and thread-safe.
 */
final class ResponseMapping {
  private ResponseMapping() {}

  static ChatResponse toQuarry(dev.langchain4j.model.chat.response.ChatResponse response) {
    AiMessage ai = response == null ? null : response.aiMessage();
    if (ai == null) {
      throw new NonRetriableException("the LangChain4j chat model returned no message");
    }
    boolean empty = (ai.text() == null || ai.text().isBlank()) && !ai.hasToolExecutionRequests();
    if (empty) {
      throw new NonRetriableException(
          "the LangChain4j chat model returned neither text nor tool calls (finish reason "
              + response.finishReason() + ")");
    }
    AssistantMessage message = MessageMapping.toAssistantMessage(ai);
    return new ChatResponse(message, toQuarry(response.tokenUsage()), toQuarry(response.finishReason()));
  }

  static dev.langchain4j.model.chat.response.ChatResponse toLangChain4j(ChatResponse response) {
    return dev.langchain4j.model.chat.response.ChatResponse.builder()
        .aiMessage(MessageMapping.toAiMessage(response.message()))
        .tokenUsage(toLangChain4j(response.usage()))
        .finishReason(toLangChain4j(response.finishReason()))
        .build();
  }

  static TokenUsage toQuarry(dev.langchain4j.model.output.TokenUsage usage) {
    if (usage == null) {
      return TokenUsage.ZERO;
    }
    return new TokenUsage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
  }

  static dev.langchain4j.model.output.TokenUsage toLangChain4j(TokenUsage usage) {
    if (usage.equals(TokenUsage.ZERO)) {
      return null;
    }
    return new dev.langchain4j.model.output.TokenUsage(
        usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
  }

  static FinishReason toQuarry(dev.langchain4j.model.output.FinishReason reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    return switch (reason) {
      case STOP -> FinishReason.STOP;
      case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
      case LENGTH -> FinishReason.LENGTH;
      case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER; // OTHER, and any reason a later LangChain4j adds
    };
  }

  static dev.langchain4j.model.output.FinishReason toLangChain4j(FinishReason reason) {
    return switch (reason) {
      case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
      case TOOL_CALLS -> dev.langchain4j.model.output.FinishReason.TOOL_EXECUTION;
      case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
      case CONTENT_FILTER -> dev.langchain4j.model.output.FinishReason.CONTENT_FILTER;
      case OTHER -> dev.langchain4j.model.output.FinishReason.OTHER;
    };
  }

  private static int orZero(Integer count) {
    return count == null || count < 0 ? 0 : count;
  }
}
