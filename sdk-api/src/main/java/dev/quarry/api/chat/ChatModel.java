package dev.quarry.api.chat;

/**
 * A chat model: a conversation in, one assistant message out. Quarry ships no generative model; real ones
 * come through the LangChain4j bridge (OpenAI-compatible servers, Anthropic, ...), and tests use the testkit's
 * {@code ScriptedChatModel}.
 *
 * <p>Implementations must be thread-safe. Failures worth retrying (rate limit, timeout) are thrown as {@link
 * dev.quarry.api.RetriableException}.
 */
@FunctionalInterface
public interface ChatModel {

  /** Sends the request and waits for the complete reply. */
  ChatResponse chat(ChatRequest request);
}
