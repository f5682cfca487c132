package dev.quarry.api.chat;

import static dev.quarry.api.internal.Checks.requireNoNulls;
import static dev.quarry.api.internal.Checks.requirePositive;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What is sent to a {@link ChatModel}: the conversation, the tools the model may call, and sampling options left
 * to the provider's default when not set. Build with {@code ChatRequest.builder(messages).tools(...).build()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatRequest {
  private final List<Message> messages;
  private final List<ToolSpec> tools;
  private final OptionalDouble temperature;
  private final OptionalInt maxOutputTokens;

  private ChatRequest(Builder b) {
    this.messages = b.messages;
    this.tools = b.tools;
    this.temperature = b.temperature;
    this.maxOutputTokens = b.maxOutputTokens;
  }

  /** Starts a request with the conversation so far; at least one message. */
  public static Builder builder(List<? extends Message> messages) {
    requireNoNulls(messages, "messages");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    return new Builder(List.copyOf(messages));
  }

  /** A request with these messages and no tools. */
  public static ChatRequest of(Message... messages) {
    return builder(java.util.Arrays.asList(requireNonNullArray(messages))).build();
  }

  private static Message[] requireNonNullArray(Message[] messages) {
    if (messages == null) {
      throw new IllegalArgumentException("messages must not be null");
    }
    return messages;
  }

  public List<Message> messages() {
    return messages;
  }

  public List<ToolSpec> tools() {
    return tools;
  }

  public OptionalDouble temperature() {
    return temperature;
  }

  public OptionalInt maxOutputTokens() {
    return maxOutputTokens;
  }

  @Override
  public String toString() {
    return "ChatRequest[messages=" + messages + ", tools=" + tools.stream().map(ToolSpec::name).toList()
        + ", temperature=" + temperature + ", maxOutputTokens=" + maxOutputTokens + "]";
  }

  /** Collects the options of a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private final List<Message> messages;
    private List<ToolSpec> tools = List.of();
    private OptionalDouble temperature = OptionalDouble.empty();
    private OptionalInt maxOutputTokens = OptionalInt.empty();

    private Builder(List<Message> messages) {
      this.messages = messages;
    }

    /** The tools the model may call; names must be unique. */
    public Builder tools(List<ToolSpec> tools) {
      List<ToolSpec> copy = List.copyOf(requireNoNulls(tools, "tools"));
      Set<String> names = new HashSet<>();
      for (ToolSpec tool : copy) {
        if (!names.add(tool.name())) {
          throw new IllegalArgumentException("tool name '" + tool.name() + "' is used twice");
        }
      }
      this.tools = copy;
      return this;
    }

    /** Sampling temperature, from 0 to 2. */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be in [0, 2], was " + temperature);
      }
      this.temperature = OptionalDouble.of(temperature);
      return this;
    }

    /** The most tokens the model may generate. */
    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = OptionalInt.of(requirePositive(maxOutputTokens, "maxOutputTokens"));
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(this);
    }
  }
}
