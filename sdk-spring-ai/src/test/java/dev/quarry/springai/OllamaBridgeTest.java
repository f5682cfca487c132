package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
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
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.OllamaEmbeddingModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.ollama.api.OllamaEmbeddingOptions;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The bridges over a real Spring AI provider, {@code OllamaChatModel} and {@code OllamaEmbeddingModel}, talking
 * HTTP to a fake Ollama server: messages, tool definitions and tool calls cross the wire in Ollama's JSON, and HTTP
 * errors pass through Spring AI's own error handler before the bridge classifies them.
 */
class OllamaBridgeTest {
  private static final ToolSpec WEATHER =
      new ToolSpec(
          "weather", "The weather in a city.",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

  private FakeOllamaServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static OllamaChatModel ollamaChat(FakeOllamaServer server) {
    return OllamaChatModel.builder()
        .ollamaApi(OllamaApi.builder().baseUrl(server.baseUrl()).build())
        .options(OllamaChatOptions.builder().model("llama3.2").temperature(0.8).build())
        .retryTemplate(new RetryTemplate(RetryPolicy.builder().maxRetries(0).build()))
        .build();
  }

  @Test
  void sendsTheConversationAndToolsAndReadsToolCalls() {
    server =
        FakeOllamaServer.chatting(
            request ->
                FakeOllamaServer.Reply.ok(
                    FakeOllamaServer.chatReply(
                        "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
                            + "{\"name\":\"weather\",\"arguments\":{\"city\":\"Bergen\"}}}]}",
                        42, 9)));
    SpringAiChatModel model = SpringAiChatModel.of(ollamaChat(server));
    ChatRequest request =
        ChatRequest.builder(
                List.of(
                    new SystemMessage("Be terse."),
                    new UserMessage("Weather in Oslo, then Bergen?"),
                    new AssistantMessage("", List.of(new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"))),
                    new ToolResultMessage("c1", "weather", "{\"sky\":\"clear\"}", false)))
            .tools(List.of(WEATHER))
            .maxOutputTokens(100)
            .build();

    ChatResponse response = model.chat(request);

    assertThat(response.message().toolCalls()).hasSize(1);
    ToolCall call = response.message().toolCalls().getFirst();
    assertThat(call.name()).isEqualTo("weather");
    assertThat(FakeOllamaServer.JSON.readTree(call.argumentsJson()).get("city").asString()).isEqualTo("Bergen");
    assertThat(call.id()).as("Ollama sends no id; one is generated").startsWith(ResponseMapping.GENERATED_ID_PREFIX);
    assertThat(response.usage()).isEqualTo(new TokenUsage(42, 9));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

    JsonNode sent = server.requests().getFirst();
    assertThat(sent.get("model").asString()).as("the model's configured options stay").isEqualTo("llama3.2");
    assertThat(sent.get("options").get("temperature").asDouble()).isEqualTo(0.8);
    assertThat(sent.get("options").get("num_predict").asInt()).isEqualTo(100);
    JsonNode messages = sent.get("messages");
    assertThat(messages.size()).isEqualTo(4);
    assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
    assertThat(messages.get(1).get("content").asString()).isEqualTo("Weather in Oslo, then Bergen?");
    assertThat(messages.get(2).get("tool_calls").get(0).get("function").get("arguments").get("city").asString())
        .isEqualTo("Oslo");
    assertThat(messages.get(3).get("role").asString()).isEqualTo("tool");
    assertThat(messages.get(3).get("content").asString()).isEqualTo("{\"sky\":\"clear\"}");
    JsonNode tool = sent.get("tools").get(0).get("function");
    assertThat(tool.get("name").asString()).isEqualTo("weather");
    assertThat(tool.get("description").asString()).isEqualTo("The weather in a city.");
    assertThat(tool.get("parameters").get("required").get(0).asString()).isEqualTo("city");
  }

  @Test
  void classifiesHttpErrorsAfterSpringAisErrorHandler() {
    server =
        FakeOllamaServer.chatting(
            request -> {
              String text = request.get("messages").get(0).get("content").asString();
              return switch (text) {
                case "rate" -> new FakeOllamaServer.Reply(429, "{\"error\":\"slow down\"}");
                case "busy" -> new FakeOllamaServer.Reply(503, "{\"error\":\"overloaded\"}");
                default -> new FakeOllamaServer.Reply(400, "{\"error\":\"model not found\"}");
              };
            });
    SpringAiChatModel model = SpringAiChatModel.of(ollamaChat(server));

    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("rate"))))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("429");
    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("busy"))))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("503");
    assertThatThrownBy(() -> model.chat(ChatRequest.of(new UserMessage("bad"))))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("model not found");
  }

  @Test
  void embedsThroughOllamaAndStoresInQuarry() {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(16);
    server =
        FakeOllamaServer.embedding(
            request -> {
              StringBuilder json = new StringBuilder("{\"model\":\"nomic-embed-text\",\"embeddings\":[");
              JsonNode input = request.get("input");
              for (int i = 0; i < input.size(); i++) {
                json.append(i == 0 ? "" : ",").append(java.util.Arrays.toString(hashing.vector(input.get(i).asString())));
              }
              return FakeOllamaServer.Reply.ok(json.append("]}").toString());
            });
    OllamaEmbeddingModel ollama =
        OllamaEmbeddingModel.builder()
            .ollamaApi(OllamaApi.builder().baseUrl(server.baseUrl()).build())
            .options(OllamaEmbeddingOptions.builder().model("nomic-embed-text").build())
            .build();

    SpringAiEmbeddingModel model = SpringAiEmbeddingModel.builder(ollama).batchSize(2).build();
    List<float[]> vectors = model.embedDocuments(List.of("cats purr", "dogs bark", "birds sing"));

    assertThat(model.dimension()).as("asked of Ollama with a probe text").isEqualTo(16);
    assertThat(vectors).hasSize(3);
    assertThat(vectors.get(2)).containsExactly(hashing.vector("birds sing"));
    assertThat(server.requests()).extracting(r -> r.get("input").size()).containsExactly(1, 2, 1);
  }
}
