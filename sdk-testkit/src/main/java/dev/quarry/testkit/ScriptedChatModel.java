package dev.quarry.testkit;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.tokenizer.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A <b>test double</b> for {@link ChatModel}: it answers from a script instead of a language model and records
 * every request, so a test can drive a RAG pipeline or an agent deterministically and then check what was sent.
 * Not for production use.
 *
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.builder()
 *     .replyWithToolCalls(List.of(new ToolCall("c1", "search", "{\"q\":\"rag\"}")))
 *     .fail(new RetriableException("rate limited"))
 *     .reply("RAG is retrieval-augmented generation.")
 *     .build();
 * ...
 * assertThat(model.lastRequest().messages()).hasSize(4);
 * }</pre>
 *
 * <p>Each {@link #chat} call uses the next scripted step: a reply, or an exception to throw. When the steps run
 * out, the model answers from its {@linkplain Builder#answering answering function} if it has one, and otherwise
 * throws {@link IllegalStateException}; it never makes up an empty answer.
 *
 * <p>Token usage of {@link Builder#reply(String) text} and {@link Builder#replyWithToolCalls tool-call} replies is
 * an approximation: the {@linkplain Builder#tokenCounter token counter} (by default {@link #DEFAULT_TOKEN_COUNTER},
 * whitespace-separated words) applied to the text of every input message and of the reply. It is deterministic
 * but does not match any real tokenizer. Whole {@link ChatResponse}s, scripted or returned by the answering
 * function, keep their own usage.
 *
 * <p>Thread-safe. Each call records its request and takes its step under one lock, so with concurrent callers the
 * n-th recorded request receives the n-th step. The reply is built, and the answering function called, outside
 * the lock: a function shared between threads must be thread-safe itself.
 */
public final class ScriptedChatModel implements ChatModel {
  /**
   * Counts whitespace-separated words (and CJK chars), a {@link WordTokenizer} of {@link WordTokenizer#WHOLE_WORDS}:
   * a rough, deterministic stand-in for a tokenizer.
   */
  public static final TokenCounter DEFAULT_TOKEN_COUNTER = new WordTokenizer(WordTokenizer.WHOLE_WORDS);

  private final List<ScriptStep> script;
  private final Optional<Function<ChatRequest, ChatResponse>> answering;
  private final TokenCounter tokenCounter;
  private final Object lock = new Object();
  private final List<ChatRequest> requests = new ArrayList<>(); // guarded by lock
  private int used; // guarded by lock

  private ScriptedChatModel(Builder b) {
    this.script = List.copyOf(b.script);
    this.answering = b.answering;
    this.tokenCounter = b.tokenCounter;
  }

  /** Starts a script. */
  public static Builder builder() {
    return new Builder();
  }

  /** A model that answers every request with {@code answering}. */
  public static ScriptedChatModel answering(Function<ChatRequest, ChatResponse> answering) {
    return builder().answering(answering).build();
  }

  /**
   * Records {@code request} and answers with the next scripted step.
   *
   * @throws IllegalStateException if the script is used up and there is no answering function
   * @throws RuntimeException the exception scripted with {@link Builder#fail} for this call
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("chat request must not be null");
    }
    ScriptStep step;
    int number;
    synchronized (lock) {
      requests.add(request);
      number = requests.size();
      step = used < script.size() ? script.get(used++) : null;
    }
    if (step != null) {
      return step.respond(request, tokenCounter);
    }
    return answerAfterScript(request, number);
  }

  /** Every request received so far, in order, including those answered by an exception. A snapshot. */
  public List<ChatRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * The most recent request.
   *
   * @throws IllegalStateException if no request was received yet
   */
  public ChatRequest lastRequest() {
    synchronized (lock) {
      if (requests.isEmpty()) {
        throw new IllegalStateException("ScriptedChatModel has not received any request yet");
      }
      return requests.getLast();
    }
  }

  /** Scripted steps not used yet; a test may assert it is zero to check that every reply was consumed. */
  public int remainingSteps() {
    synchronized (lock) {
      return script.size() - used;
    }
  }

  private ChatResponse answerAfterScript(ChatRequest request, int number) {
    if (answering.isEmpty()) {
      throw new IllegalStateException(
          "ScriptedChatModel has no reply for request " + number + ": " + script.size()
              + " step(s) were scripted and " + number + " requests received. Script more replies or set"
              + " answering(fn). Request: " + request);
    }
    ChatResponse response = answering.get().apply(request);
    if (response == null) {
      throw new IllegalStateException("ScriptedChatModel's answering function returned null for request " + number);
    }
    return response;
  }

  /** Collects the steps of a {@link ScriptedChatModel}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final List<ScriptStep> script = new ArrayList<>();
    private Optional<Function<ChatRequest, ChatResponse>> answering = Optional.empty();
    private TokenCounter tokenCounter = DEFAULT_TOKEN_COUNTER;

    private Builder() {}

    /** Next, answer with {@code text} ({@link FinishReason#STOP}, estimated usage). */
    public Builder reply(String text) {
      script.add(new ScriptStep.Reply(AssistantMessage.of(text), FinishReason.STOP));
      return this;
    }

    /** Next, ask for these tools to run ({@link FinishReason#TOOL_CALLS}, estimated usage); at least one. */
    public Builder replyWithToolCalls(List<ToolCall> toolCalls) {
      script.add(new ScriptStep.Reply(new AssistantMessage("", toolCalls), FinishReason.TOOL_CALLS));
      return this;
    }

    /** Next, answer with exactly {@code response}. */
    public Builder reply(ChatResponse response) {
      script.add(new ScriptStep.Fixed(requireNonNull(response, "scripted response")));
      return this;
    }

    /** Next, throw {@code error} (the same instance), e.g. a {@code RetriableException} to test retries. */
    public Builder fail(RuntimeException error) {
      script.add(new ScriptStep.Failure(requireNonNull(error, "scripted exception")));
      return this;
    }

    /** Answer every request that comes after the scripted steps with {@code answering}. */
    public Builder answering(Function<ChatRequest, ChatResponse> answering) {
      this.answering = Optional.of(requireNonNull(answering, "answering function"));
      return this;
    }

    /** How usage of text and tool-call replies is estimated; {@link #DEFAULT_TOKEN_COUNTER} when not set. */
    public Builder tokenCounter(TokenCounter tokenCounter) {
      this.tokenCounter = requireNonNull(tokenCounter, "token counter");
      return this;
    }

    /**
     * Returns the model.
     *
     * @throws IllegalStateException if nothing was scripted and there is no answering function
     */
    public ScriptedChatModel build() {
      if (script.isEmpty() && answering.isEmpty()) {
        throw new IllegalStateException(
            "a ScriptedChatModel needs at least one scripted step (reply, replyWithToolCalls, fail) or an"
                + " answering function");
      }
      return new ScriptedChatModel(this);
    }

    private static <T> T requireNonNull(T value, String what) {
      if (value == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      return value;
    }
  }
}
