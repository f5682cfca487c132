package dev.quarry.springai;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.Generation;

/**
 * Converts a Spring AI chat reply, its token usage and its finish reason to Quarry's.
 *
 * <p><b>Which generation.</b> A reply may hold several: Anthropic's model sends its thinking as generations
 * before the answer, and {@code n > 1} asks for alternatives. The answer is the first generation that calls
 * tools, else the last one with text.
 *
 * <p><b>Finish reasons</b> are provider strings, read case-insensitively: {@code stop}, {@code end_turn}, {@code
 * stop_sequence} mean {@link FinishReason#STOP}; {@code tool_calls}, {@code tool_use}, {@code function_call} mean
 * {@link FinishReason#TOOL_CALLS}; {@code length}, {@code max_tokens} mean {@link FinishReason#LENGTH}; {@code
 * content_filter}, {@code safety}, {@code refusal} mean {@link FinishReason#CONTENT_FILTER}; anything else is {@link
 * FinishReason#OTHER}. A reply that calls tools reports {@code TOOL_CALLS} when the provider says it stopped or says
 * nothing: Ollama, for one, answers tool calls with {@code stop}.
 *
 * <p><b>Usage</b>: unknown or negative counts are 0, so a model that reports none gives {@link TokenUsage#ZERO}.
 *
 * <p>A tool call without an id gets a generated, unique one (Quarry echoes the id in the tool result); one without
 * arguments gets {@code {}}. Stateless and thread-safe.
 */
final class ResponseMapping {
  /** Prefix of the ids given to tool calls that arrive without one. */
  static final String GENERATED_ID_PREFIX = "call_quarry_";

  private ResponseMapping() {}

  static ChatResponse toQuarry(org.springframework.ai.chat.model.ChatResponse response, String modelName) {
    Generation generation = response == null ? null : answer(response.getResults());
    if (generation == null || generation.getOutput() == null) {
      throw new NonRetriableException("the Spring AI chat model " + modelName + " returned no generation");
    }
    org.springframework.ai.chat.messages.AssistantMessage output = generation.getOutput();
    String reason = generation.getMetadata() == null ? null : generation.getMetadata().getFinishReason();
    String text = output.getText() == null ? "" : output.getText();
    if (text.isBlank() && !output.hasToolCalls()) {
      throw new NonRetriableException(
          "the Spring AI chat model " + modelName + " returned neither text nor tool calls (finish reason "
              + reason + ")");
    }
    List<ToolCall> calls = new ArrayList<>();
    for (org.springframework.ai.chat.messages.AssistantMessage.ToolCall call : output.getToolCalls()) {
      calls.add(toolCall(call));
    }
    return new ChatResponse(
        new AssistantMessage(text, calls), usage(response.getMetadata()), finishReason(reason, !calls.isEmpty()));
  }

  private static Generation answer(List<Generation> generations) {
    if (generations == null || generations.isEmpty()) {
      return null;
    }
    Generation lastWithText = null;
    for (Generation generation : generations) {
      if (generation == null || generation.getOutput() == null) {
        continue;
      }
      if (generation.getOutput().hasToolCalls()) {
        return generation;
      }
      String text = generation.getOutput().getText();
      if (text != null && !text.isBlank()) {
        lastWithText = generation;
      }
    }
    return lastWithText != null ? lastWithText : generations.getFirst();
  }

  private static ToolCall toolCall(org.springframework.ai.chat.messages.AssistantMessage.ToolCall call) {
    if (isBlank(call.name())) {
      throw new NonRetriableException("the Spring AI chat model called a tool without a name: " + call);
    }
    String id = isBlank(call.id()) ? GENERATED_ID_PREFIX + UUID.randomUUID() : call.id();
    String arguments = isBlank(call.arguments()) ? "{}" : call.arguments();
    return new ToolCall(id, call.name(), arguments);
  }

  static TokenUsage usage(ChatResponseMetadata metadata) {
    Usage usage = metadata == null ? null : metadata.getUsage();
    if (usage == null) {
      return TokenUsage.ZERO;
    }
    return new TokenUsage(orZero(usage.getPromptTokens()), orZero(usage.getCompletionTokens()));
  }

  static FinishReason finishReason(String reason, boolean callsTools) {
    FinishReason said = said(reason);
    return callsTools && (said == FinishReason.STOP || reason == null || reason.isBlank())
        ? FinishReason.TOOL_CALLS
        : said;
  }

  private static FinishReason said(String reason) {
    if (reason == null) {
      return FinishReason.OTHER;
    }
    return switch (reason.trim().toLowerCase(Locale.ROOT)) {
      case "stop", "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "tool_calls", "tool_call", "tool_use", "function_call" -> FinishReason.TOOL_CALLS;
      case "length", "max_tokens" -> FinishReason.LENGTH;
      case "content_filter", "safety", "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  private static int orZero(Integer count) {
    return count == null || count < 0 ? 0 : count;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
