package dev.quarry.agents;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import java.time.Duration;
import java.util.List;

/**
 * A call of the chat model that returned a reply. A call that failed or was abandoned at the wall time is a
 * {@link FailedModelStep}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the step's position in the trace, from 1
 * @param request what was sent: the messages and the tool specs
 * @param response what came back: the reply, its token usage and finish reason
 * @param duration how long the model took
 */
public record ModelStep(int number, ChatRequest request, ChatResponse response, Duration duration)
    implements AgentStep {
  public ModelStep {
    Checks.requireNonNull(request, "request");
    Checks.requireNonNull(response, "response");
    Checks.requireNonNull(duration, "duration");
  }

  /** The messages sent to the model. */
  public List<Message> messages() {
    return request.messages();
  }

  /** The model's reply: a final answer, or tool calls. */
  public AssistantMessage reply() {
    return response.message();
  }

  /** The tokens this call used. */
  public TokenUsage usage() {
    return response.usage();
  }
}
