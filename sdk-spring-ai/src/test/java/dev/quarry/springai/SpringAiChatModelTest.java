package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/** How {@link SpringAiChatModel} maps requests, replies and failures, observed through a scripted Spring AI model. */
class SpringAiChatModelTest {
  private static final ToolSpec WEATHER =
      new ToolSpec(
          "weather", "The weather in a city.",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
  private static final ToolSpec CLOCK = new ToolSpec("clock", "", "{\"type\":\"object\"}");

  @Test
  void mapsEveryMessageKindAndGroupsConsecutiveToolResults() {
    ScriptedSpringAiChatModel spring = ScriptedSpringAiChatModel.replying("It is sunny.");
    ChatRequest request =
        ChatRequest.builder(
                List.of(
                    new SystemMessage("Be terse."),
                    new UserMessage("Weather in Oslo and the time?"),
                    new AssistantMessage(
                        "",
                        List.of(new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"), new ToolCall("c2", "clock", "{}"))),
                    new ToolResultMessage("c1", "weather", "{\"sky\":\"clear\"}", false),
                    new ToolResultMessage("c2", "clock", "boom", true),
                    new AssistantMessage("Let me see.", List.of()),
                    new UserMessage("Thanks.")))
            .tools(List.of(WEATHER, CLOCK))
            .build();

    SpringAiChatModel.of(spring).chat(request);

    List<Message> sent = spring.lastPrompt().getInstructions();
    assertThat(sent).hasSize(6);
    assertThat(sent.get(0)).isInstanceOf(org.springframework.ai.chat.messages.SystemMessage.class);
    assertThat(sent.get(0).getText()).isEqualTo("Be terse.");
    assertThat(sent.get(1)).isInstanceOf(org.springframework.ai.chat.messages.UserMessage.class);
    assertThat(sent.get(1).getText()).isEqualTo("Weather in Oslo and the time?");
    var assistant = (org.springframework.ai.chat.messages.AssistantMessage) sent.get(2);
    assertThat(assistant.getText()).as("no text when only calling tools").isNull();
    assertThat(assistant.getToolCalls())
        .containsExactly(
            new org.springframework.ai.chat.messages.AssistantMessage.ToolCall(
                "c1", "function", "weather", "{\"city\":\"Oslo\"}"),
            new org.springframework.ai.chat.messages.AssistantMessage.ToolCall("c2", "function", "clock", "{}"));
    assertThat(((ToolResponseMessage) sent.get(3)).getResponses())
        .containsExactly(
            new ToolResponseMessage.ToolResponse("c1", "weather", "{\"sky\":\"clear\"}"),
            new ToolResponseMessage.ToolResponse("c2", "clock", "boom"));
    assertThat(sent.get(4).getText()).isEqualTo("Let me see.");
    assertThat(sent.get(5).getText()).isEqualTo("Thanks.");
  }

  @Test
  void declaresToolsOnTheModelsOwnOptionsWithoutRunningThem() {
    ScriptedSpringAiChatModel spring = ScriptedSpringAiChatModel.replying("ok");
    ChatRequest request =
        ChatRequest.builder(List.of(new UserMessage("hi"))).tools(List.of(WEATHER, CLOCK)).temperature(0.1)
            .maxOutputTokens(50).build();

    SpringAiChatModel.of(spring).chat(request);

    ChatOptions options = spring.lastPrompt().getOptions();
    assertThat(options).isInstanceOf(ToolCallingChatOptions.class);
    assertThat(options.getModel()).as("the model's configured defaults stay").isEqualTo(
        ScriptedSpringAiChatModel.MODEL_NAME);
    assertThat(options.getTemperature()).isEqualTo(0.1);
    assertThat(options.getMaxTokens()).isEqualTo(50);
    List<ToolCallback> tools = ((ToolCallingChatOptions) options).getToolCallbacks();
    assertThat(tools).hasSize(2);
    assertThat(tools.get(0).getToolDefinition().name()).isEqualTo("weather");
    assertThat(tools.get(0).getToolDefinition().description()).isEqualTo("The weather in a city.");
    assertThat(tools.get(0).getToolDefinition().inputSchema()).isEqualTo(WEATHER.parametersJsonSchema());
    assertThat(tools.get(1).getToolDefinition().description()).as("derived from the name when empty").isNotBlank();
    assertThatThrownBy(() -> tools.get(0).call("{\"city\":\"Oslo\"}"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("weather");
  }

  @Test
  void offersExactlyTheRequestsToolsReplacingTheModelsDefaultCallbacks() {
    ToolCallback configured = DeclaredTool.of(new ToolSpec("configured", "d", "{\"type\":\"object\"}"));
    ScriptedSpringAiChatModel spring =
        ScriptedSpringAiChatModel.replying("ok")
            .withOptions(ToolCallingChatOptions.builder().model("m").toolCallbacks(configured).build());

    SpringAiChatModel.of(spring).chat(ChatRequest.of(new UserMessage("hi")));

    ToolCallingChatOptions options = (ToolCallingChatOptions) spring.lastPrompt().getOptions();
    assertThat(options.getToolCallbacks()).isEmpty();
    assertThat(options.getModel()).isEqualTo("m");
    assertThat(options.getTemperature()).as("not set by the request").isNull();
  }

  @Test
  void refusesToolsForAModelWhoseOptionsTakeNone() {
    ScriptedSpringAiChatModel spring =
        ScriptedSpringAiChatModel.replying("ok").withOptions(ChatOptions.builder().model("plain").build());
    SpringAiChatModel model = SpringAiChatModel.of(spring);

    assertThatThrownBy(
            () -> model.chat(ChatRequest.builder(List.of(new UserMessage("hi"))).tools(List.of(CLOCK)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes no tool definitions");
    assertThat(spring.prompts()).as("nothing was sent").isEmpty();

    model.chat(ChatRequest.builder(List.of(new UserMessage("hi"))).temperature(0.3).build());
    assertThat(spring.lastPrompt().getOptions().getModel()).isEqualTo("plain");
    assertThat(spring.lastPrompt().getOptions().getTemperature()).isEqualTo(0.3);
  }

  @Test
  void leavesOptionsToTheModelWhenItHasNoneAndTheRequestSetsNothing() {
    ScriptedSpringAiChatModel spring = ScriptedSpringAiChatModel.replying("ok").withOptions(null);

    SpringAiChatModel.of(spring).chat(ChatRequest.of(new UserMessage("hi")));
    assertThat(spring.lastPrompt().getOptions()).isNull();

    SpringAiChatModel.of(spring).chat(ChatRequest.builder(List.of(new UserMessage("hi"))).tools(List.of(CLOCK))
        .build());
    assertThat(((ToolCallingChatOptions) spring.lastPrompt().getOptions()).getToolCallbacks()).hasSize(1);
  }

  @Test
  void mapsTextUsageAndFinishReason() {
    ChatResponse response = SpringAiChatModel.of(ScriptedSpringAiChatModel.replying("Sunny and warm."))
        .chat(ChatRequest.of(new UserMessage("How is the weather today?")));

    assertThat(response.message()).isEqualTo(AssistantMessage.of("Sunny and warm."));
    assertThat(response.usage()).isEqualTo(new TokenUsage(5, 3));
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void mapsToolCallsGeneratingMissingIdsAndArguments() {
    var calls =
        List.of(
            new org.springframework.ai.chat.messages.AssistantMessage.ToolCall(
                "id-1", "function", "weather", "{\"city\":\"Oslo\"}"),
            new org.springframework.ai.chat.messages.AssistantMessage.ToolCall("", "function", "clock", " "));
    SpringAiChatModel model =
        SpringAiChatModel.of(
            ScriptedSpringAiChatModel.answering(
                prompt ->
                    ScriptedSpringAiChatModel.response(
                        org.springframework.ai.chat.messages.AssistantMessage.builder().toolCalls(calls).build(),
                        null,
                        null)));

    ChatResponse response = model.chat(ChatRequest.of(new UserMessage("hi")));

    assertThat(response.message().text()).isEmpty();
    assertThat(response.message().toolCalls()).hasSize(2);
    assertThat(response.message().toolCalls().get(0)).isEqualTo(new ToolCall("id-1", "weather", "{\"city\":\"Oslo\"}"));
    assertThat(response.message().toolCalls().get(1).id()).startsWith(ResponseMapping.GENERATED_ID_PREFIX);
    assertThat(response.message().toolCalls().get(1).argumentsJson()).isEqualTo("{}");
    assertThat(response.finishReason()).as("no reason given, but tools called").isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).as("no usage reported").isEqualTo(TokenUsage.ZERO);
  }

  @Test
  void takesTheAnswerAfterThinkingGenerations() {
    Generation thinking =
        new Generation(
            org.springframework.ai.chat.messages.AssistantMessage.builder().content("Let me think...").build(),
            ChatGenerationMetadata.builder().finishReason("end_turn").build());
    Generation emptyRedacted = new Generation(org.springframework.ai.chat.messages.AssistantMessage.builder().build());
    Generation answer =
        new Generation(
            new org.springframework.ai.chat.messages.AssistantMessage("The answer is 42."),
            ChatGenerationMetadata.builder().finishReason("end_turn").build());
    SpringAiChatModel model =
        SpringAiChatModel.of(
            ScriptedSpringAiChatModel.answering(
                prompt -> new org.springframework.ai.chat.model.ChatResponse(List.of(thinking, emptyRedacted, answer))));

    ChatResponse response = model.chat(ChatRequest.of(new UserMessage("question")));

    assertThat(response.message().text()).isEqualTo("The answer is 42.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  static Stream<Arguments> finishReasons() {
    return Stream.of(
        Arguments.of("STOP", FinishReason.STOP),
        Arguments.of("stop", FinishReason.STOP),
        Arguments.of("end_turn", FinishReason.STOP),
        Arguments.of("TOOL_CALLS", FinishReason.TOOL_CALLS),
        Arguments.of("tool_use", FinishReason.TOOL_CALLS),
        Arguments.of("LENGTH", FinishReason.LENGTH),
        Arguments.of("max_tokens", FinishReason.LENGTH),
        Arguments.of("CONTENT_FILTER", FinishReason.CONTENT_FILTER),
        Arguments.of("SAFETY", FinishReason.CONTENT_FILTER),
        Arguments.of("", FinishReason.OTHER),
        Arguments.of("something_new", FinishReason.OTHER));
  }

  @ParameterizedTest
  @MethodSource("finishReasons")
  void mapsProviderFinishReasons(String reason, FinishReason expected) {
    SpringAiChatModel model =
        SpringAiChatModel.of(
            ScriptedSpringAiChatModel.answering(
                prompt ->
                    ScriptedSpringAiChatModel.response(
                        new org.springframework.ai.chat.messages.AssistantMessage("text"), reason,
                        new DefaultUsage(1, 1))));

    assertThat(model.chat(ChatRequest.of(new UserMessage("hi"))).finishReason()).isEqualTo(expected);
  }

  @Test
  void aReplyThatCallsToolsAndSaysStopReportsToolCalls() {
    assertThat(ResponseMapping.finishReason("stop", true)).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(ResponseMapping.finishReason(null, true)).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(ResponseMapping.finishReason("length", true)).isEqualTo(FinishReason.LENGTH);
    assertThat(ResponseMapping.finishReason(null, false)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void refusesRepliesWithNothingInThem() {
    SpringAiChatModel blank =
        SpringAiChatModel.of(
            ScriptedSpringAiChatModel.answering(
                prompt ->
                    ScriptedSpringAiChatModel.response(
                        new org.springframework.ai.chat.messages.AssistantMessage("  "), "STOP", null)));
    SpringAiChatModel none =
        SpringAiChatModel.of(
            ScriptedSpringAiChatModel.answering(
                prompt -> new org.springframework.ai.chat.model.ChatResponse(List.of())));
    SpringAiChatModel nullReply = SpringAiChatModel.of(ScriptedSpringAiChatModel.answering(prompt -> null));

    ChatRequest request = ChatRequest.of(new UserMessage("hi"));
    assertThatThrownBy(() -> blank.chat(request))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("neither text nor tool calls");
    assertThatThrownBy(() -> none.chat(request)).isInstanceOf(NonRetriableException.class);
    assertThatThrownBy(() -> nullReply.chat(request)).isInstanceOf(NonRetriableException.class);
  }

  /** Named like the OpenAI and Anthropic SDKs' exceptions, which Spring AI's models let through unwrapped. */
  static final class RateLimitException extends RuntimeException {
    RateLimitException() {
      super("429 slow down");
    }
  }

  static final class UnauthorizedException extends RuntimeException {
    UnauthorizedException() {
      super("401 bad key");
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new TransientAiException("503 - overloaded"), RetriableException.class),
        Arguments.of(new NonTransientAiException("400 - bad request"), NonRetriableException.class),
        Arguments.of(new NonTransientAiException("429 - Rate limit reached for requests"), RetriableException.class),
        Arguments.of(new NonTransientAiException("408 - Request timeout"), RetriableException.class),
        Arguments.of(new NonTransientAiException("no status here"), NonRetriableException.class),
        Arguments.of(new HttpClientErrorException(HttpStatus.TOO_MANY_REQUESTS), RetriableException.class),
        Arguments.of(new HttpClientErrorException(HttpStatus.REQUEST_TIMEOUT), RetriableException.class),
        Arguments.of(new HttpClientErrorException(HttpStatus.UNAUTHORIZED), NonRetriableException.class),
        Arguments.of(new HttpServerErrorException(HttpStatus.BAD_GATEWAY), RetriableException.class),
        Arguments.of(new ResourceAccessException("I/O error", new IOException("reset")), RetriableException.class),
        Arguments.of(
            new IllegalStateException("wrapped", new SocketTimeoutException("read timed out")),
            RetriableException.class),
        Arguments.of(new RuntimeException("wrapped", new RateLimitException()), RetriableException.class),
        Arguments.of(new UnauthorizedException(), NonRetriableException.class),
        Arguments.of(new IllegalStateException("something else"), QuarryException.class));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void mapsFailuresKeepingTheCause(RuntimeException failure, Class<? extends QuarryException> expected) {
    SpringAiChatModel model = SpringAiChatModel.of(ScriptedSpringAiChatModel.answering(prompt -> {
      throw failure;
    }));

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("hi"))))
        .isExactlyInstanceOf(expected)
        .hasCause(failure)
        .hasMessageContaining("ScriptedSpringAiChatModel");
  }

  @Test
  void passesBadArgumentsThrough() {
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    SpringAiChatModel model = SpringAiChatModel.of(ScriptedSpringAiChatModel.answering(prompt -> {
      throw bad;
    }));

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("hi")))).isSameAs(bad);
    assertThatThrownBy(() -> SpringAiChatModel.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheWrappedModel() {
    assertThat(SpringAiChatModel.of(ScriptedSpringAiChatModel.replying("x")))
        .hasToString("SpringAiChatModel[" + ScriptedSpringAiChatModel.class.getName() + "]");
  }
}
