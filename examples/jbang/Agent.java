///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS dev.quarry:quarry-bom:0.1.0-SNAPSHOT@pom
//DEPS dev.quarry:quarry-agents
//DEPS dev.quarry:quarry-langchain4j
//DEPS dev.quarry:quarry-testkit
//DEPS dev.langchain4j:langchain4j-open-ai:1.19.0
//DEPS org.slf4j:slf4j-nop:2.0.17
//JAVA_OPTIONS -Djava.net.preferIPv4Stack=true

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.quarry.agents.AgentResult;
import dev.quarry.agents.ToolStep;
import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.Tool;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.langchain4j.LangChain4jChatModel;
import dev.quarry.testkit.ScriptedChatModel;
import java.time.Duration;
import java.util.List;

/**
 * A tool-using agent in one file: a Java method marked {@code @Tool} becomes a tool the chat model may call, with a
 * JSON schema made from its parameters; the agent loop calls it and hands the result back until the model answers.
 *
 * <p>With an OpenAI-compatible server (vLLM, Ollama, llama.cpp, OpenAI) set in {@code QUARRY_OPENAI_BASE_URL} and
 * {@code QUARRY_OPENAI_MODEL} (and {@code QUARRY_OPENAI_API_KEY} if it wants one), that model plays the agent.
 * Without one, the testkit's scripted chat model does — a <b>test double</b>, not a language model: it calls the
 * tool once and answers with what the tool returned, which shows the loop and the tool binding, not intelligence.
 *
 * <pre>
 * bin/jbang examples/jbang/Agent.java "How much is 3 boxes of 12 eggs at 0.35 each?"
 * </pre>
 */
public class Agent {
  /** The tools: any object's public methods marked {@code @Tool}. */
  public static class Shop {
    @Tool(name = "line_price",
        description = "The price of an order line: quantity times unit price, in euros, rounded to cents")
    public double linePrice(@Param(name = "quantity", description = "how many items") int quantity,
        @Param(name = "unit_price", description = "price of one item, in euros") double unitPrice) {
      return Math.round(quantity * unitPrice * 100) / 100.0;
    }
  }

  public static void main(String[] args) {
    String question = args.length > 0 ? String.join(" ", args) : "How much are 36 eggs at 0.35 euros each?";
    ChatModel model = chatModel();
    AgentResult result = dev.quarry.agents.Agent.builder(model)
        .systemPrompt("You answer shop questions. Use line_price for every price; never compute one yourself.")
        .tools(new Shop())
        .maxSteps(4)
        .build()
        .run(question);
    for (ToolStep step : result.trace().toolSteps()) {
      System.out.printf("tool %s %s -> %s%n", step.call().name(), step.call().argumentsJson(),
          step.outcome().content());
    }
    System.out.println(result.answer().orElse("no answer: " + result.message()));
  }

  private static ChatModel chatModel() {
    String baseUrl = System.getenv("QUARRY_OPENAI_BASE_URL");
    if (baseUrl != null && !baseUrl.isBlank()) {
      return LangChain4jChatModel.of(OpenAiChatModel.builder().baseUrl(baseUrl)
          .apiKey(System.getenv().getOrDefault("QUARRY_OPENAI_API_KEY", "none"))
          .modelName(System.getenv("QUARRY_OPENAI_MODEL")).timeout(Duration.ofMinutes(2)).build());
    }
    System.out.println("(no QUARRY_OPENAI_BASE_URL: the scripted test model plays the agent)");
    return ScriptedChatModel.answering(Agent::scripted);
  }

  /** The test double's script: call line_price once, then answer with its result. */
  private static ChatResponse scripted(ChatRequest request) {
    List<ToolResultMessage> results = request.messages().stream()
        .filter(ToolResultMessage.class::isInstance).map(ToolResultMessage.class::cast).toList();
    if (results.isEmpty()) {
      return new ChatResponse(new AssistantMessage("", List.of(new ToolCall("call-1", "line_price",
          "{\"quantity\": 36, \"unit_price\": 0.35}"))), TokenUsage.ZERO, FinishReason.TOOL_CALLS);
    }
    // The agent sends each tool result fenced as data, between a line <tool-result-CODE> and a line
    // </tool-result-CODE>: the value is what lies between the first line and the last
    String fenced = results.getLast().content();
    String value = fenced.substring(fenced.indexOf('\n') + 1, fenced.lastIndexOf('\n'));
    return new ChatResponse(AssistantMessage.of("That comes to " + value + " euros."),
        TokenUsage.ZERO, FinishReason.STOP);
  }
}
