package dev.quarry.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
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
 * A <b>test double</b> for Spring AI's {@link ChatModel}, not a real model: it answers every prompt with what its
 * script (a function of the prompt) returns, and records the prompts it was given, in order. Its default options
 * are {@link ToolCallingChatOptions} with a model name, as a provider's are, unless built with other options.
 *
 * <p>Thread-safe: the script must be, and the record of prompts is guarded.
 */
final class ScriptedSpringAiChatModel implements ChatModel {
  /** The model name in the double's default options. */
  static final String MODEL_NAME = "scripted-test-double";

  private final Function<Prompt, ChatResponse> script;
  private final ChatOptions options;
  private final List<Prompt> prompts = new ArrayList<>(); // guarded by itself

  private ScriptedSpringAiChatModel(Function<Prompt, ChatResponse> script, ChatOptions options) {
    this.script = script;
    this.options = options;
  }

  /** A double answering with whatever {@code script} returns (or throws). */
  static ScriptedSpringAiChatModel answering(Function<Prompt, ChatResponse> script) {
    return new ScriptedSpringAiChatModel(
        script, ToolCallingChatOptions.builder().model(MODEL_NAME).temperature(0.7).build());
  }

  /** A double answering every prompt with {@code text}, counting one input token per word of the prompt. */
  static ScriptedSpringAiChatModel replying(String text) {
    return answering(prompt -> reply(text, prompt));
  }

  /** This double with other default options ({@code null} for none). */
  ScriptedSpringAiChatModel withOptions(ChatOptions options) {
    return new ScriptedSpringAiChatModel(script, options);
  }

  /** A one-generation reply with {@code text}, finish reason "STOP", and usage counting the prompt's words. */
  static ChatResponse reply(String text, Prompt prompt) {
    int words = 0;
    for (Message message : prompt.getInstructions()) {
      String content = message.getText();
      if (content != null && !content.isBlank()) {
        words += content.trim().split("\\s+").length;
      }
    }
    return response(
        new AssistantMessage(text), "STOP", new DefaultUsage(Math.max(1, words), text.split("\\s+").length));
  }

  /** A one-generation reply. */
  static ChatResponse response(AssistantMessage message, String finishReason, DefaultUsage usage) {
    Generation generation =
        new Generation(message, ChatGenerationMetadata.builder().finishReason(finishReason).build());
    ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().model(MODEL_NAME);
    if (usage != null) {
      metadata.usage(usage);
    }
    return new ChatResponse(List.of(generation), metadata.build());
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    synchronized (prompts) {
      prompts.add(prompt);
    }
    return script.apply(prompt);
  }

  @Override
  public ChatOptions getOptions() {
    return options;
  }

  /** The prompts received so far, in order. A snapshot. */
  List<Prompt> prompts() {
    synchronized (prompts) {
      return List.copyOf(prompts);
    }
  }

  /** The last prompt received. */
  Prompt lastPrompt() {
    synchronized (prompts) {
      if (prompts.isEmpty()) {
        throw new AssertionError("ScriptedSpringAiChatModel (a test double) received no prompt");
      }
      return prompts.getLast();
    }
  }
}
