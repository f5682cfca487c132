package dev.quarry.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.agents.AgentOutcome;
import dev.quarry.agents.AgentResult;
import dev.quarry.agents.ToolStep;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The shop assistant end to end over the real sample database and the real policy index; only the language model
 * is a test double (a {@link ScriptedChatModel}) that plays both the agent and the SQL writer.
 */
class ShopAssistantTest {
  private static final Pattern TOOL_RESULT_FENCE =
      Pattern.compile("<tool-result-([0-9a-f]{8})>\n(.*)\n</tool-result-\\1>", Pattern.DOTALL);

  static final String QUESTION = "Can customer 17 still return what they ordered last?";
  static final String LATEST_ORDER_SQL = """
      SELECT o.id, o.status, o.shipped_on, p.name, i.quantity
      FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
      WHERE o.customer_id = 17 AND o.ordered_at = (SELECT MAX(ordered_at) FROM orders WHERE customer_id = 17)
      ORDER BY p.name""";
  static final String ANSWER = "No: the order was shipped more than 30 days ago [returns.md].";

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void answersFromTheDatabaseRowsAndTheReturnsPolicy() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.answering(playing(
        List.of(new ToolCall("c1", "search_policies", "{\"query\": \"return an order, refund time limit\"}"),
            new ToolCall("c2", "query_database", "{\"question\": \"Which products were in the latest order of"
                + " customer 17, and when was it shipped?\"}")),
        LATEST_ORDER_SQL));

    try (ShopAssistant assistant = ShopAssistant.open(model, LocalDate.of(2026, 1, 15))) {
      LatestOrder expected = latestOrderOfCustomer17(assistant.jdbcUrl());
      AgentResult result = assistant.ask(QUESTION);

      assertThat(result.outcome()).as(result.message()).isEqualTo(AgentOutcome.ANSWERED);
      assertThat(result.answer()).contains(ANSWER);
      assertThat(result.trace().toolSteps()).extracting(step -> step.call().name(), ToolStep::failed)
          .containsExactly(tuple("search_policies", false),
              tuple("query_database", false));

      ChatRequest first = agentRequests(model).getFirst();
      assertThat(first.tools()).extracting(ToolSpec::name).containsExactlyInAnyOrder("search_policies",
          "query_database");
      assertThat(((SystemMessage) first.messages().getFirst()).text()).contains("Today is 2026-01-15")
          .contains("[returns.md]");

      List<ToolResultMessage> results = toolResults(agentRequests(model).getLast());
      JsonNode policies = json.readTree(results.get(0).content());
      assertThat(policies.get(0).get("source").asText()).isEqualTo("returns.md");
      assertThat(policies.get(0).get("text").asText()).contains("within 30 days of delivery for a full refund");

      JsonNode rows = json.readTree(results.get(1).content()).get("rows");
      assertThat(rows).hasSize(expected.products().size());
      Set<String> products = new HashSet<>();
      for (JsonNode row : rows) {
        assertThat(row.get(0).asInt()).isEqualTo(expected.orderId());
        assertThat(row.get(2).asText()).isEqualTo(expected.shippedOn());
        products.add(row.get(3).asText());
      }
      assertThat(products).isEqualTo(expected.products());
    }
  }

  @Test
  void cannotReadTheConfidentialSalaries() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.answering(playing(
        List.of(new ToolCall("c1", "query_database", "{\"question\": \"What does employee 3 earn?\"}")),
        "SELECT salary FROM staff_salaries WHERE employee_id = 3"));

    try (ShopAssistant assistant = ShopAssistant.open(model)) {
      AgentResult result = assistant.ask("What does employee 3 earn?");

      assertThat(result.outcome()).isEqualTo(AgentOutcome.ANSWERED);
      ToolStep query = result.trace().toolSteps().getFirst();
      assertThat(query.failed()).isTrue();
      assertThat(query.outcome().content()).contains("TextToSqlException").contains("refused")
          .contains("TABLE_NOT_ALLOWED");
      ToolResultMessage shown = toolResults(agentRequests(model).getLast()).getFirst();
      assertThat(shown.error()).isTrue();
      assertThat(shown.content()).isEqualTo(query.outcome().content());
      assertThat(sqlRequests(model)).hasSize(3); // the first attempt and two repairs, all refused
    }
  }

  /**
   * The test double's script: the agent's first request gets {@code calls}, every SQL-writing request gets
   * {@code sql}, and the agent's request after the tool results gets {@link #ANSWER}.
   */
  private static Function<ChatRequest, ChatResponse> playing(List<ToolCall> calls, String sql) {
    return request -> {
      if (isSqlWriter(request)) {
        return reply(AssistantMessage.of(sql), FinishReason.STOP);
      }
      return toolResults(request).isEmpty()
          ? reply(new AssistantMessage("", calls), FinishReason.TOOL_CALLS)
          : reply(AssistantMessage.of(ANSWER), FinishReason.STOP);
    };
  }

  private static ChatResponse reply(AssistantMessage message, FinishReason finish) {
    return new ChatResponse(message, new TokenUsage(100, 10), finish);
  }

  private static boolean isSqlWriter(ChatRequest request) {
    return request.tools().isEmpty() && request.messages().getFirst() instanceof SystemMessage system
        && system.text().startsWith("You write one SQL query");
  }

  private static List<ChatRequest> agentRequests(ScriptedChatModel model) {
    return model.requests().stream().filter(request -> !request.tools().isEmpty()).toList();
  }

  private static List<ChatRequest> sqlRequests(ScriptedChatModel model) {
    return model.requests().stream().filter(ShopAssistantTest::isSqlWriter).toList();
  }

  private static List<ToolResultMessage> toolResults(ChatRequest request) {
    return request.messages().stream().filter(ToolResultMessage.class::isInstance)
        .map(ToolResultMessage.class::cast).map(ShopAssistantTest::unfenced).toList();
  }

  /** A tool result as the tool returned it: the agent sends each one fenced as data; the fence must be there. */
  private static ToolResultMessage unfenced(ToolResultMessage sent) {
    Matcher fence = TOOL_RESULT_FENCE.matcher(sent.content());
    if (!fence.matches()) {
      throw new AssertionError("not a fenced tool result: " + sent.content());
    }
    return new ToolResultMessage(sent.toolCallId(), sent.toolName(), fence.group(2), sent.error());
  }

  record LatestOrder(int orderId, String shippedOn, Set<String> products) {}

  /** The answer worked out with plain JDBC, independently of the assistant. */
  private static LatestOrder latestOrderOfCustomer17(String jdbcUrl) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      int orderId;
      String shippedOn;
      try (ResultSet order = connection.createStatement().executeQuery(
          "SELECT id, shipped_on FROM orders WHERE customer_id = 17 ORDER BY ordered_at DESC LIMIT 1")) {
        assertThat(order.next()).as("customer 17 has orders").isTrue();
        orderId = order.getInt(1);
        shippedOn = String.valueOf(order.getDate(2));
      }
      List<String> products = new ArrayList<>();
      try (PreparedStatement items = connection.prepareStatement(
          "SELECT p.name FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = ?")) {
        items.setInt(1, orderId);
        try (ResultSet rs = items.executeQuery()) {
          while (rs.next()) {
            products.add(rs.getString(1));
          }
        }
      }
      assertThat(products).isNotEmpty();
      return new LatestOrder(orderId, shippedOn, Set.copyOf(products));
    }
  }

  @Test
  void readmeShowsTheAssistantCodeAsItIs() throws Exception {
    String source = Files.readString(Path.of("src/main/java/dev/quarry/examples/ShopAssistant.java"));
    String code = source.substring(source.indexOf("// assistant:begin") + "// assistant:begin".length(),
        source.indexOf("// assistant:end"));
    String readme = Files.readString(Path.of("../README.md"));
    for (String line : code.strip().split("\n")) {
      assertThat(readme).as("README assistant line").contains(line.strip());
    }
  }
}
