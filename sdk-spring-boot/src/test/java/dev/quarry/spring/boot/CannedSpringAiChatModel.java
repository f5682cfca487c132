package dev.quarry.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * <b>Test double</b> for a Spring AI {@link ChatModel}, not a real model: every prompt gets the same canned reply
 * with a fixed token usage; the prompts are recorded. Thread-safe.
 */
final class CannedSpringAiChatModel implements ChatModel {
  private final String reply;
  private final List<Prompt> prompts = new CopyOnWriteArrayList<>();

  CannedSpringAiChatModel(String reply) {
    this.reply = reply;
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    prompts.add(prompt);
    Generation generation = new Generation(new AssistantMessage(reply),
        ChatGenerationMetadata.builder().finishReason("STOP").build());
    return new ChatResponse(List.of(generation),
        ChatResponseMetadata.builder().model("canned-test-double").usage(new DefaultUsage(90, 6)).build());
  }

  @Override
  public ChatOptions getOptions() {
    return ToolCallingChatOptions.builder().model("canned-test-double").build();
  }

  List<Prompt> prompts() {
    return List.copyOf(prompts);
  }
}
