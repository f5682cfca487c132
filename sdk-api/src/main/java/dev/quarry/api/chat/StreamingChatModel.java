package dev.quarry.api.chat;

/**
 * A chat model that delivers its reply piece by piece. A separate capability, not a default method of {@link
 * ChatModel}: a model either streams or it does not.
 *
 * <p>Implementations must be thread-safe; the handler may be called from a thread other than the caller's.
 */
public interface StreamingChatModel {

  /** Starts the request; the handler receives the partial text, then the complete reply or an error. */
  void chat(ChatRequest request, StreamingHandler handler);

  /** Receives a streamed reply. Called from one thread at a time, in order. */
  interface StreamingHandler {
    /** A new piece of the reply's text. */
    void onPartialText(String text);

    /** The complete reply; the last call. */
    void onComplete(ChatResponse response);

    /** The request failed; the last call. */
    void onError(Throwable error);
  }
}
