package dev.quarry.examples.spring;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * TEST DOUBLE: the application's chat model in the assistant tests is the testkit's {@link ScriptedChatModel},
 * no language model. It plays the roles of the shop assistant from a script. As the agent, it first calls tools
 * (which depend on the question), then, once it sees their results, gives a fixed answer; as the SQL writer of
 * {@code query_database}, it writes fixed SQL; asked by the RAG pipeline of {@code /ask}, it gives
 * {@link #RAG_ANSWER}. Every call reports {@link #USAGE} tokens.
 */
@TestConfiguration(proxyBeanMethods = false)
class ScriptedShopModel {
  private static final Pattern TOOL_RESULT_FENCE =
      Pattern.compile("<tool-result-([0-9a-f]{8})>\n(.*)\n</tool-result-\\1>", Pattern.DOTALL);

  static final TokenUsage USAGE = new TokenUsage(100, 10);

  /** The question about the latest order of customer 17, and its script. */
  static final String ORDER_QUESTION = "Can customer 17 still return what they ordered last?";
  static final String ORDER_SQL = """
      SELECT o.id, o.status, o.shipped_on, p.name, i.quantity
      FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
      WHERE o.customer_id = 17 AND o.ordered_at = (SELECT MAX(ordered_at) FROM orders WHERE customer_id = 17)
      ORDER BY p.name""";
  static final String ORDER_ANSWER = "No: the order was shipped more than 30 days ago [returns.md].";

  /** A question the assistant must not be able to answer from the confidential table. */
  static final String SALARY_QUESTION = "What does employee 3 earn?";
  static final String SALARY_SQL = "SELECT salary FROM staff_salaries WHERE employee_id = 3";
  static final String SALARY_ANSWER = "I cannot look up salaries.";

  /** What the double answers when the RAG pipeline asks it, citing the first passage. */
  static final String RAG_ANSWER = "Octopuses have three hearts [1].";

  @Bean
  ScriptedChatModel scriptedChatModelTestDouble() {
    return ScriptedChatModel.answering(ScriptedShopModel::reply);
  }

  private static ChatResponse reply(ChatRequest request) {
    boolean salary = text(request).contains("employee 3 earn");
    if (isSqlWriter(request)) {
      return response(AssistantMessage.of(salary ? SALARY_SQL : ORDER_SQL), FinishReason.STOP);
    }
    if (request.tools().isEmpty()) { // the starter's Rag, answering from passages
      return response(AssistantMessage.of(RAG_ANSWER), FinishReason.STOP);
    }
    if (!toolResults(request).isEmpty()) {
      return response(AssistantMessage.of(salary ? SALARY_ANSWER : ORDER_ANSWER), FinishReason.STOP);
    }
    List<ToolCall> calls = salary
        ? List.of(new ToolCall("c1", "query_database", "{\"question\": \"" + SALARY_QUESTION + "\"}"))
        : List.of(new ToolCall("c1", "search_policies", "{\"query\": \"return an order, refund time limit\"}"),
            new ToolCall("c2", "query_database", "{\"question\": \"Which products were in the latest order of"
                + " customer 17, and when was it shipped?\"}"));
    return response(new AssistantMessage("", calls), FinishReason.TOOL_CALLS);
  }

  static boolean isSqlWriter(ChatRequest request) {
    return request.tools().isEmpty() && request.messages().getFirst() instanceof SystemMessage system
        && system.text().startsWith("You write one SQL query");
  }

  static List<ToolResultMessage> toolResults(ChatRequest request) {
    return request.messages().stream().filter(ToolResultMessage.class::isInstance)
        .map(ToolResultMessage.class::cast).map(ScriptedShopModel::unfenced).toList();
  }

  /** A tool result as the tool returned it: the agent sends each one fenced as data; the fence must be there. */
  private static ToolResultMessage unfenced(ToolResultMessage sent) {
    Matcher fence = TOOL_RESULT_FENCE.matcher(sent.content());
    if (!fence.matches()) {
      throw new AssertionError("not a fenced tool result: " + sent.content());
    }
    return new ToolResultMessage(sent.toolCallId(), sent.toolName(), fence.group(2), sent.error());
  }

  private static String text(ChatRequest request) {
    StringBuilder text = new StringBuilder();
    for (Message message : request.messages()) {
      if (message instanceof UserMessage user) {
        text.append(user.text()).append('\n');
      }
    }
    return text.toString();
  }

  private static ChatResponse response(AssistantMessage message, FinishReason finish) {
    return new ChatResponse(message, USAGE, finish);
  }
}
