package dev.quarry.langchain4j;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;

/**
 * Any LangChain4j chat model (OpenAI and OpenAI-compatible servers such as vLLM, Ollama or llama.cpp, Anthropic,
 * ...) as a Quarry {@link ChatModel}, so Quarry's RAG pipeline and agents can use every provider LangChain4j has.
 *
 * <pre>{@code
 * ChatModel model = LangChain4jChatModel.of(
 *     OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini").build());
 * }</pre>
 *
 * <p>Messages, tool calls (with their ids and JSON arguments), tool specs (JSON Schema text to LangChain4j's
 * schema elements), temperature, maximum output tokens, token usage and the finish reason are mapped both ways.
 * Failures keep LangChain4j's exception as the cause: rate limits, timeouts, server errors and refused
 * connections become {@link dev.quarry.api.RetriableException}; authentication failures and invalid requests
 * become {@link dev.quarry.api.NonRetriableException}. Retries are the wrapped model's business (its own {@code
 * maxRetries}) or the caller's; this bridge calls once.
 *
 * <p>Thread-safe when the wrapped model is, as LangChain4j's providers are; the bridge itself holds no state.
 */
public final class LangChain4jChatModel implements ChatModel {
  private final dev.langchain4j.model.chat.ChatModel model;

  private LangChain4jChatModel(dev.langchain4j.model.chat.ChatModel model) {
    this.model = model;
  }

  /** A Quarry view of {@code model}. */
  public static LangChain4jChatModel of(dev.langchain4j.model.chat.ChatModel model) {
    if (model == null) {
      throw new IllegalArgumentException("LangChain4j chat model must not be null");
    }
    return new LangChain4jChatModel(model);
  }

  /**
   * Sends the request through the LangChain4j model.
   *
   * @throws IllegalArgumentException if {@code request} is null or a tool's schema cannot be expressed in
   *     LangChain4j's schema model
   * @throws dev.quarry.api.RetriableException for rate limits, timeouts and server errors
   * @throws dev.quarry.api.NonRetriableException for refused requests, and for replies with neither text nor
   *     tool calls
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    dev.langchain4j.model.chat.request.ChatRequest converted = RequestMapping.toLangChain4j(request);
    dev.langchain4j.model.chat.response.ChatResponse response;
    try {
      response = model.chat(converted);
    } catch (RuntimeException e) {
      throw FailureMapping.toQuarry(e, "chat with " + model.getClass().getSimpleName());
    }
    return ResponseMapping.toQuarry(response);
  }

  @Override
  public String toString() {
    return "LangChain4jChatModel[" + model.getClass().getName() + "]";
  }
}
