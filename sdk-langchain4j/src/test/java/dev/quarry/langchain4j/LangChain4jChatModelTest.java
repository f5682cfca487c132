package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge drives LangChain4j's real OpenAI client against a server replaying OpenAI responses. */
class LangChain4jChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEATHER_SCHEMA =
      """
      {"type": "object",
       "properties": {
         "city": {"type": "string", "description": "City name, e.g. Paris"},
         "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
         "days": {"type": "array", "items": {"type": "integer"}, "description": "Days ahead"},
         "where": {"type": "object", "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
                   "required": ["lat", "lon"]}
       },
       "required": ["city"]}
      """;
  private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Current weather for a city.", WEATHER_SCHEMA);

  private ReplayingOpenAiServer server;
  private ChatModel model;

  @BeforeEach
  void start() {
    server = ReplayingOpenAiServer.start();
    model = LangChain4jChatModel.of(OpenAiTestModels.openAi(server));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsEveryMessageWithItsRoleAndTheToolsWithTheirSchema() throws Exception {
    server.enqueue(200, "chat-plain.json");
    ChatRequest request =
        ChatRequest.builder(
                List.of(
                    new SystemMessage("You are terse."),
                    new UserMessage("Weather in Paris?"),
                    new AssistantMessage("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
                    new ToolResultMessage("call_1", "get_weather", "{\"celsius\":21}", false),
                    new UserMessage("And tomorrow?")))
            .tools(List.of(WEATHER))
            .temperature(0.25)
            .maxOutputTokens(64)
            .build();

    model.chat(request);

    ReplayingOpenAiServer.RecordedRequest received = server.lastRequest();
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
    assertThat(received.authorization()).isEqualTo("Bearer test");
    JsonNode sent = JSON.readTree(received.body());
    assertThat(sent.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.25);
    assertThat(sent.path("max_tokens").asInt(sent.path("max_completion_tokens").asInt())).isEqualTo(64);
    JsonNode messages = sent.get("messages");
    assertThat(messages.findValuesAsText("role")).containsExactly("system", "user", "assistant", "tool", "user");
    assertThat(messages.get(0).get("content").asText()).isEqualTo("You are terse.");
    JsonNode call = messages.get(2).get("tool_calls").get(0);
    assertThat(call.get("id").asText()).isEqualTo("call_1");
    assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(call.get("function").get("arguments").asText()))
        .isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(messages.get(3).get("content").asText()).isEqualTo("{\"celsius\":21}");

    JsonNode function = sent.get("tools").get(0).get("function");
    assertThat(sent.get("tools").get(0).get("type").asText()).isEqualTo("function");
    assertThat(function.get("name").asText()).isEqualTo("get_weather");
    assertThat(function.get("description").asText()).isEqualTo("Current weather for a city.");
    JsonNode parameters = function.get("parameters");
    assertThat(parameters.get("type").asText()).isEqualTo("object");
    assertThat(parameters.at("/properties/city/type").asText()).isEqualTo("string");
    assertThat(parameters.at("/properties/city/description").asText()).isEqualTo("City name, e.g. Paris");
    assertThat(parameters.at("/properties/unit/enum").toString()).isEqualTo("[\"celsius\",\"fahrenheit\"]");
    assertThat(parameters.at("/properties/days/items/type").asText()).isEqualTo("integer");
    assertThat(parameters.at("/properties/where/properties/lat/type").asText()).isEqualTo("number");
    assertThat(parameters.at("/properties/where/required").toString()).isEqualTo("[\"lat\",\"lon\"]");
    assertThat(parameters.get("required").toString()).isEqualTo("[\"city\"]");
  }

  @Test
  void mapsAPlainAnswerWithItsUsage() {
    server.enqueue(200, "chat-plain.json");

    ChatResponse response = model.chat(ChatRequest.of(new UserMessage("Hello")));

    assertThat(response.message()).isEqualTo(AssistantMessage.of("Hello! How can I help you today?"));
    assertThat(response.usage()).isEqualTo(new TokenUsage(19, 9));
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void mapsToolCallsWithTheirIdsNamesAndArguments() {
    server.enqueue(200, "chat-tool-calls.json");

    ChatResponse response =
        model.chat(ChatRequest.builder(List.of(new UserMessage("Paris and Lyon?"))).tools(List.of(WEATHER)).build());

    assertThat(response.message().text()).isEmpty();
    assertThat(response.message().toolCalls())
        .containsExactly(
            new ToolCall("call_3sXr9QbLkT2mVwYp7NcHd1Ej", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
            new ToolCall("call_8uKf0ZaGnR4oPqWe2LiMs6Tb", "get_weather", "{\"city\":\"Lyon\",\"unit\":\"celsius\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(new TokenUsage(82, 51));
  }

  @Test
  void aRateLimitIsRetriableKeepsTheCauseAndIsTriedOnce() {
    server.enqueue(429, "error-429-rate-limit.json");

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("Rate limit reached")
        .hasCauseInstanceOf(RateLimitException.class);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aRejectedApiKeyIsNotRetriable() {
    server.enqueue(401, "error-401-invalid-api-key.json");

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("Incorrect API key")
        .hasCauseInstanceOf(AuthenticationException.class);
  }

  @Test
  void anInvalidRequestIsNotRetriable() {
    server.enqueue(400, "error-400-context-length.json");

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("maximum context length")
        .hasCauseInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aServerErrorIsRetriable() {
    server.enqueue(500, "error-500-server.json");

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(RetriableException.class);
  }

  @Test
  void aTimeoutIsRetriable() {
    server.enqueue(200, "chat-plain.json", Duration.ofSeconds(3));
    ChatModel impatient = LangChain4jChatModel.of(OpenAiTestModels.openAi(server, Duration.ofMillis(300)));

    assertThatThrownBy(() -> impatient.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(RetriableException.class)
        .hasCauseInstanceOf(dev.langchain4j.exception.TimeoutException.class);
  }

  @Test
  void aServerThatCannotBeReachedIsRetriable() {
    ReplayingOpenAiServer gone = ReplayingOpenAiServer.start();
    ChatModel unreachable = LangChain4jChatModel.of(OpenAiTestModels.openAi(gone));
    gone.close();

    assertThatThrownBy(() -> unreachable.chat(ChatRequest.of(new UserMessage("Hello"))))
        .isInstanceOf(RetriableException.class)
        .hasStackTraceContaining("java.net.ConnectException");
  }

  @Test
  void aToolSchemaLangChain4jCannotExpressIsRefusedBeforeAnythingIsSent() {
    ToolSpec oneOf = new ToolSpec("pick", "Picks.", "{\"type\":\"object\",\"properties\":{\"x\":{\"oneOf\":[]}}}");

    assertThatThrownBy(
            () -> model.chat(ChatRequest.builder(List.of(new UserMessage("Hi"))).tools(List.of(oneOf)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool 'pick' parameters.x")
        .hasMessageContaining("oneOf");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rejectsANullModel() {
    assertThatThrownBy(() -> LangChain4jChatModel.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
