package dev.quarry.examples.spring;

import dev.quarry.agents.AgentOutcome;
import dev.quarry.agents.AgentResult;
import dev.quarry.agents.ToolStep;
import dev.quarry.api.RetriableException;
import jakarta.validation.Valid;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /assistant}: the shop assistant agent. 503 when no chat model is configured; 502 when the chat model
 * fails. A run that stops at a limit (steps, time, tokens, tool errors) is a 200 with {@code answered: false} and
 * the reason.
 */
@RestController
class AssistantController {
  private static final Logger LOG = LoggerFactory.getLogger(AssistantController.class);

  private final ShopAssistantService assistant;

  AssistantController(ShopAssistantService assistant) {
    this.assistant = assistant;
  }

  /**
   * What the agent did.
   *
   * @param outcome {@code ANSWERED}, or the limit that stopped it ({@code MAX_STEPS}, {@code TOOL_ERRORS}...)
   * @param answer the final answer, when answered
   * @param message a fixed sentence on how the run ended (the run's own message, which may carry a tool's error, is
   *     logged)
   * @param toolCalls the tools it called, in order
   * @param usage the tokens of every chat call for this question: the agent's and its tools' (text-to-SQL)
   */
  record AssistantResponse(String question, boolean answered, String outcome, String answer, String message,
      List<ToolCallView> toolCalls, AskController.UsageView usage, long totalMs) {}

  /**
   * One tool call: which tool, the arguments the model wrote, whether it failed and how long it took. What the tool
   * returned (rows, passages) stays in the server's trace.
   */
  record ToolCallView(String tool, String arguments, boolean failed, long ms) {}

  @PostMapping(path = "/assistant", consumes = MediaType.APPLICATION_JSON_VALUE)
  AssistantResponse ask(@Valid @RequestBody QuestionRequest request) {
    if (!assistant.available()) {
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
          "no chat model is configured, and the shop assistant needs one that can call tools: set"
              + " service.chat.base-url and service.chat.model (or QUARRY_OPENAI_BASE_URL and QUARRY_OPENAI_MODEL)");
    }
    MeteredChatModel.Metered<AgentResult> run = assistant.ask(request.question());
    AgentResult result = run.result();
    if (result.outcome() == AgentOutcome.MODEL_FAILED || result.outcome() == AgentOutcome.INTERRUPTED) {
      LOG.warn("Shop assistant run failed: {}", result.message(), result.error().orElse(null));
      boolean retriable = result.outcome() == AgentOutcome.INTERRUPTED
          || result.error().filter(RetriableException.class::isInstance).isPresent();
      throw new ResponseStatusException(retriable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
          retriable ? "the chat model is unavailable for now (rate limit, timeout or shutdown); try again later"
              : "the chat model failed to answer; the server log has the details");
    }
    List<ToolCallView> calls = result.trace().toolSteps().stream().map(AssistantController::view).toList();
    if (!result.answered()) {
      LOG.info("Shop assistant gave no answer ({}): {}", result.outcome(), result.message());
    }
    return new AssistantResponse(request.question(), result.answered(), result.outcome().name(),
        result.answer().orElse(null), message(result.outcome()), calls, AskController.UsageView.of(run.usage()),
        result.trace().duration().toMillis());
  }

  /**
   * What the client is told of an outcome: a fixed sentence, since the run's own message may carry a tool's error
   * text (a database error, a refused query) that is for the server log only.
   */
  static String message(AgentOutcome outcome) {
    return switch (outcome) {
      case ANSWERED -> "answered";
      case MAX_STEPS -> "the assistant needed more steps than it may take; ask a narrower question";
      case WALL_TIME -> "the assistant ran out of time; try again or ask a narrower question";
      case TOKEN_LIMIT -> "the assistant used up its token budget; ask a narrower question";
      case TOOL_ERRORS -> "the assistant's tools failed repeatedly; the server log has the details";
      case PLAN_INVALID -> "the assistant could not make a valid plan";
      case MODEL_FAILED, INTERRUPTED -> "the chat model failed";
      case BLOCKED -> "the question was refused";
    };
  }

  private static ToolCallView view(ToolStep step) {
    return new ToolCallView(step.call().name(), step.call().argumentsJson(), step.failed(), step.duration().toMillis());
  }
}
