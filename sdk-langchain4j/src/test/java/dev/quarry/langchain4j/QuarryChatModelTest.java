package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.quarry.api.QuarryException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LangChain4j code driving a Quarry model (the testkit's scripted one) through {@link QuarryChatModel}. */
class QuarryChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void answersLangChain4jsConvenienceCalls() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("Hello there.").build();

    String answer = QuarryChatModel.of(scripted).chat("Hi!");

    assertThat(answer).isEqualTo("Hello there.");
    assertThat(scripted.lastRequest().messages()).containsExactly(new UserMessage("Hi!"));
  }

  @Test
  void toolSpecificationsBecomeJsonSchemaText() throws Exception {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("ok").build();
    ToolSpecification lookup =
        ToolSpecification.builder()
            .name("lookup")
            .description("Looks things up.")
            .parameters(
                JsonObjectSchema.builder()
                    .addStringProperty("term", "The term")
                    .addEnumProperty("lang", List.of("en", "fr"))
                    .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                    .required("term")
                    .build())
            .build();
    ToolSpecification noArguments = ToolSpecification.builder().name("now").build();

    QuarryChatModel.of(scripted)
        .chat(
            ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Look up RAG"))
                .toolSpecifications(lookup, noArguments)
                .build());

    var tools = scripted.lastRequest().tools();
    assertThat(tools).extracting(t -> t.name()).containsExactly("lookup", "now");
    assertThat(tools.get(0).description()).isEqualTo("Looks things up.");
    assertThat(JSON.readTree(tools.get(0).parametersJsonSchema()))
        .isEqualTo(
            JSON.readTree(
                """
                {"type":"object","properties":{
                   "term":{"type":"string","description":"The term"},
                   "lang":{"type":"string","enum":["en","fr"]},
                   "tags":{"type":"array","items":{"type":"string"}}},
                 "required":["term"]}
                """));
    assertThat(tools.get(1).description()).isEmpty();
    assertThat(JSON.readTree(tools.get(1).parametersJsonSchema()))
        .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{}}"));
  }

  @Test
  void toolCallsUsageAndFinishReasonReachLangChain4j() {
    ToolCall call = new ToolCall("c7", "lookup", "{\"term\":\"RAG\"}");
    ScriptedChatModel scripted = ScriptedChatModel.builder().replyWithToolCalls(List.of(call)).build();

    ChatResponse response = QuarryChatModel.of(scripted).chat(dev.langchain4j.data.message.UserMessage.from("Go"));

    AiMessage message = response.aiMessage();
    assertThat(message.text()).isNull();
    assertThat(message.toolExecutionRequests())
        .containsExactly(ToolExecutionRequest.builder().id("c7").name("lookup").arguments("{\"term\":\"RAG\"}").build());
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(1);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(2);
  }

  @Test
  void toolChoiceNoneSendsNoTools() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("ok").build();

    QuarryChatModel.of(scripted)
        .chat(
            ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Hi"))
                .toolSpecifications(ToolSpecification.builder().name("now").build())
                .toolChoice(ToolChoice.NONE)
                .build());

    assertThat(scripted.lastRequest().tools()).isEmpty();
  }

  @Test
  void refusesOptionsAQuarryModelCannotBeGivenWithoutCallingIt() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("unused").build();
    QuarryChatModel model = QuarryChatModel.of(scripted);
    ChatRequest withTopP =
        ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("Hi")).topP(0.9).build();
    ChatRequest withStop =
        ChatRequest.builder()
            .messages(dev.langchain4j.data.message.UserMessage.from("Hi"))
            .stopSequences(List.of("END"))
            .toolChoice(ToolChoice.REQUIRED)
            .build();

    assertThatThrownBy(() -> model.chat(withTopP))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("topP");
    assertThatThrownBy(() -> model.chat(withStop))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("stopSequences, toolChoice REQUIRED");
    assertThat(scripted.requests()).isEmpty();
  }

  @Test
  void refusesContentOtherThanText() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("unused").build();
    var withImage =
        dev.langchain4j.data.message.UserMessage.from(
            TextContent.from("What is this?"), ImageContent.from("https://example.com/cat.png"));

    assertThatThrownBy(() -> QuarryChatModel.of(scripted).chat(withImage))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("IMAGE");
    assertThat(scripted.requests()).isEmpty();
  }

  @Test
  void joinsTextPartsOfAUserMessage() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("ok").build();

    QuarryChatModel.of(scripted)
        .chat(dev.langchain4j.data.message.UserMessage.from(TextContent.from("Part one."), TextContent.from("Part two.")));

    assertThat(scripted.lastRequest().messages()).containsExactly(new UserMessage("Part one.\nPart two."));
  }

  @Test
  void anUnclassifiedQuarryFailureBecomesALangChain4jException() {
    QuarryException failure = new QuarryException("index closed");
    QuarryChatModel model = QuarryChatModel.of(ScriptedChatModel.builder().fail(failure).build());

    assertThatThrownBy(() -> model.chat("Hi"))
        .isInstanceOf(dev.langchain4j.exception.LangChain4jException.class)
        .isNotInstanceOf(dev.langchain4j.exception.RetriableException.class)
        .hasCause(failure);
  }

  @Test
  void anAssistantTurnWithTextAndCallsKeepsBoth() {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("ok").build();
    AiMessage earlier =
        AiMessage.from(
            "Let me check.", List.of(ToolExecutionRequest.builder().id("c1").name("now").arguments("").build()));

    QuarryChatModel.of(scripted).chat(dev.langchain4j.data.message.UserMessage.from("Time?"), earlier);

    assertThat(scripted.lastRequest().messages().get(1))
        .isEqualTo(new AssistantMessage("Let me check.", List.of(new ToolCall("c1", "now", "{}"))));
  }
}
