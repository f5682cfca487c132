package dev.quarry.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.quarry.api.chat.ChatModel;

/**
 * A Quarry {@link ChatModel} as a LangChain4j chat model, so LangChain4j code (AI services, chains, retrieval
 * augmentors) can run on any Quarry model, including the testkit's scripted one in tests.
 *
 * <pre>{@code
 * dev.langchain4j.model.chat.ChatModel lc4j = QuarryChatModel.of(quarryModel);
 * String answer = lc4j.chat("What is RAG?");
 * }</pre>
 *
 * <p>Messages, tool specifications (schema elements written as JSON Schema text), tool calls, temperature,
 * maximum output tokens, token usage and finish reasons are mapped both ways. Options a Quarry model cannot be
 * given (top-p, top-k, penalties, stop sequences, a model name, JSON response format, a required tool call) and
 * non-text content are refused with LangChain4j's {@link dev.langchain4j.exception.UnsupportedFeatureException}
 * rather than dropped. Quarry's {@link dev.quarry.api.RetriableException} and {@link
 * dev.quarry.api.NonRetriableException} become LangChain4j's exceptions of the same names, with the Quarry
 * exception as the cause. LangChain4j's listeners, called by {@code chat(...)}, work as for any provider.
 *
 * <p>Thread-safe when the wrapped Quarry model is, as the {@link ChatModel} contract requires; the bridge holds
 * no state.
 */
public final class QuarryChatModel implements dev.langchain4j.model.chat.ChatModel {
  private final ChatModel model;

  private QuarryChatModel(ChatModel model) {
    this.model = model;
  }

  /** A LangChain4j view of {@code model}. */
  public static QuarryChatModel of(ChatModel model) {
    if (model == null) {
      throw new IllegalArgumentException("Quarry chat model must not be null");
    }
    return new QuarryChatModel(model);
  }

  /** Called by LangChain4j's {@code chat(...)} methods once default parameters are merged and listeners told. */
  @Override
  public ChatResponse doChat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    dev.quarry.api.chat.ChatRequest converted = RequestMapping.toQuarry(request);
    dev.quarry.api.chat.ChatResponse response;
    try {
      response = model.chat(converted);
    } catch (RuntimeException e) {
      throw FailureMapping.toLangChain4j(e);
    }
    return ResponseMapping.toLangChain4j(response);
  }

  @Override
  public String toString() {
    return "QuarryChatModel[" + model + "]";
  }
}
