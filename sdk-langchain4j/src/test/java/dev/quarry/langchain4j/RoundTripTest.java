package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ChatModelContract;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Quarry's scripted model behind both bridges (Quarry → LangChain4j → Quarry): what the script says comes back
 * unchanged, and the script sees the request as it was sent.
 */
class RoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolSpec SEARCH =
      new ToolSpec(
          "search_docs",
          "Searches the documentation.",
          """
          {"type":"object","description":"Search arguments",
           "properties":{"query":{"type":"string","description":"What to look for"},
                         "limit":{"type":"integer"},
                         "scope":{"type":"string","enum":["api","guides"]},
                         "tags":{"type":"array","items":{"type":"string"}},
                         "since":{"anyOf":[{"type":"string"},{"type":"null"}]},
                         "range":{"type":"object","properties":{"from":{"type":"number"},"to":{"type":"number"}},
                                  "required":["from"],"additionalProperties":false}},
           "required":["query"]}
          """);

  private static ChatModel throughBothBridges(ChatModel quarryModel) {
    return LangChain4jChatModel.of(QuarryChatModel.of(quarryModel));
  }

  @Test
  void scriptedAnswersToolCallsAndUsageComeBackUnchanged() {
    List<ToolCall> calls =
        List.of(new ToolCall("c1", "search_docs", "{\"query\":\"rag\"}"), new ToolCall("c2", "search_docs", "{}"));
    ChatResponse fixed = new ChatResponse(AssistantMessage.of("Cut short"), new TokenUsage(11, 4), FinishReason.LENGTH);
    ScriptedChatModel scripted =
        ScriptedChatModel.builder().replyWithToolCalls(calls).reply("RAG is retrieval.").reply(fixed).build();
    ChatModel model = throughBothBridges(scripted);
    ChatRequest request = ChatRequest.of(new UserMessage("What is RAG?"));

    ChatResponse first = model.chat(request);
    ChatResponse second = model.chat(request);
    ChatResponse third = model.chat(request);

    assertThat(first.message()).isEqualTo(new AssistantMessage("", calls));
    assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(first.usage()).isEqualTo(new TokenUsage(3, 4)); // scripted estimate: words of prompt, of calls
    assertThat(second.message()).isEqualTo(AssistantMessage.of("RAG is retrieval."));
    assertThat(second.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(second.usage()).isEqualTo(new TokenUsage(3, 3));
    assertThat(third).isEqualTo(fixed);
    assertThat(scripted.remainingSteps()).isZero();
  }

  @Test
  void theScriptSeesEveryMessageToolAndOptionAsSent() throws Exception {
    ScriptedChatModel scripted = ScriptedChatModel.builder().reply("ok").build();
    List<Message> conversation =
        List.of(
            new SystemMessage("Be brief."),
            new UserMessage("Find the docs on RAG."),
            new AssistantMessage("Searching.", List.of(new ToolCall("c1", "search_docs", "{\"query\":\"RAG\"}"))),
            new ToolResultMessage("c1", "search_docs", "boom", true),
            new UserMessage("Try again."));
    ChatRequest sent =
        ChatRequest.builder(conversation).tools(List.of(SEARCH)).temperature(0.5).maxOutputTokens(100).build();

    throughBothBridges(scripted).chat(sent);

    ChatRequest seen = scripted.lastRequest();
    assertThat(seen.messages()).isEqualTo(conversation);
    assertThat(seen.temperature()).isEqualTo(sent.temperature());
    assertThat(seen.maxOutputTokens()).isEqualTo(sent.maxOutputTokens());
    assertThat(seen.tools()).hasSize(1);
    ToolSpec tool = seen.tools().getFirst();
    assertThat(tool.name()).isEqualTo(SEARCH.name());
    assertThat(tool.description()).isEqualTo(SEARCH.description());
    assertThat(JSON.readTree(tool.parametersJsonSchema())).isEqualTo(JSON.readTree(SEARCH.parametersJsonSchema()));
  }

  @Test
  void failuresKeepTheirRetryBranch() {
    RetriableException rateLimited = new RetriableException("rate limited");
    NonRetriableException refused = new NonRetriableException("refused");
    ChatModel model = throughBothBridges(ScriptedChatModel.builder().fail(rateLimited).fail(refused).build());
    ChatRequest request = ChatRequest.of(new UserMessage("Hi"));

    assertThatThrownBy(() -> model.chat(request))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("rate limited")
        .hasRootCause(rateLimited);
    assertThatThrownBy(() -> model.chat(request))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("refused")
        .hasRootCause(refused);
  }

  /** The chat model contract holds across both bridges. */
  @Nested
  class Contract extends ChatModelContract {
    @Override
    protected ChatModel model() {
      return throughBothBridges(
          ScriptedChatModel.answering(
              request ->
                  new ChatResponse(
                      AssistantMessage.of("Hello."), new TokenUsage(request.messages().size(), 1), FinishReason.STOP)));
    }
  }
}
