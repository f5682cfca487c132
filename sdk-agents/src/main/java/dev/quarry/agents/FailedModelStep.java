package dev.quarry.agents;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.Message;
import java.time.Duration;
import java.util.List;

/**
 * A call of the chat model that brought no reply: the model threw, returned nothing, or was abandoned when
 * the run's wall time ran out. It is always the last step of its run, which ends with
 * {@link AgentOutcome#MODEL_FAILED}, {@link AgentOutcome#WALL_TIME} or {@link AgentOutcome#INTERRUPTED}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param number the step's position in the trace, from 1
 * @param request what was sent: the messages and the tool specs
 * @param failure why no reply came, e.g. {@code "abandoned at the wall time"} or the exception's message
 * @param duration how long the run waited for the model
 */
public record FailedModelStep(int number, ChatRequest request, String failure, Duration duration)
    implements AgentStep {
  public FailedModelStep {
    Checks.requireNonNull(request, "request");
    Checks.requireNonNull(failure, "failure");
    Checks.requireNonNull(duration, "duration");
  }

  /** The messages sent to the model. */
  public List<Message> messages() {
    return request.messages();
  }
}
