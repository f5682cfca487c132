package dev.quarry.springai;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Any Spring AI chat model (OpenAI, Anthropic, Ollama, Mistral, Bedrock, Vertex, ... as Spring Boot configures
 * them) as a Quarry {@link ChatModel}, so Quarry's RAG pipeline and agents use the model a Spring application
 * already has.
 *
 * <pre>{@code
 * ChatModel model = SpringAiChatModel.of(openAiChatModel);
 * }</pre>
 *
 * <p>System, user, assistant (with tool calls, their ids and JSON arguments) and tool result messages, tool specs
 * (name, description, JSON Schema), temperature, maximum output tokens, token usage and the finish reason are
 * mapped. Options start from the model's own ({@code getOptions().mutate()}), so its configured model name and
 * defaults stay; the request's tools replace any default tool callbacks. Tools are only declared: Spring AI 2 chat
 * models return tool calls instead of running them, and Quarry's caller runs them. A model whose options are not
 * {@code ToolCallingChatOptions} refuses requests with tools ({@link IllegalArgumentException}). Spring AI has no
 * error flag on tool results: an error result reaches the model as its text.
 *
 * <p>Failures keep Spring AI's exception as the cause: Spring AI's {@code TransientAiException}, rate limits,
 * timeouts, server errors and I/O failures become {@link dev.quarry.api.RetriableException}; {@code
 * NonTransientAiException}, authentication failures and refused requests become {@link
 * dev.quarry.api.NonRetriableException}. This bridge calls once; retries are the wrapped model's (its retry
 * template) or the caller's business.
 *
 * <p>Thread-safe when the wrapped model is, as Spring AI's models are; the bridge itself holds no state.
 */
public final class SpringAiChatModel implements ChatModel {
  private final org.springframework.ai.chat.model.ChatModel model;

  private SpringAiChatModel(org.springframework.ai.chat.model.ChatModel model) {
    this.model = model;
  }

  /** A Quarry view of {@code model}. */
  public static SpringAiChatModel of(org.springframework.ai.chat.model.ChatModel model) {
    if (model == null) {
      throw new IllegalArgumentException("Spring AI chat model must not be null");
    }
    return new SpringAiChatModel(model);
  }

  /**
   * Sends the request through the Spring AI model.
   *
   * @throws IllegalArgumentException if {@code request} is null, or it has tools and the model takes none
   * @throws dev.quarry.api.RetriableException for rate limits, timeouts, server and I/O errors
   * @throws dev.quarry.api.NonRetriableException for refused requests, and for replies with neither text nor
   *     tool calls
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    String name = model.getClass().getSimpleName();
    org.springframework.ai.chat.model.ChatResponse response;
    try {
      Prompt prompt = PromptMapping.toSpringAi(request, model);
      response = model.call(prompt);
    } catch (RuntimeException e) {
      throw FailureMapping.toQuarry(e, "chat with " + name);
    }
    return ResponseMapping.toQuarry(response, name);
  }

  @Override
  public String toString() {
    return "SpringAiChatModel[" + model.getClass().getName() + "]";
  }
}
