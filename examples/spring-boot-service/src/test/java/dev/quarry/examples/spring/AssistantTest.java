package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /assistant} end to end over HTTP, with the real sample shop database, the real policy index and the
 * real agent; only the chat model is a test double ({@link ScriptedShopModel}), which calls {@code query_database}
 * (and {@code search_policies}) and then answers.
 */
@SpringBootTest(classes = QuarryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"service.chat.base-url=", "service.assistant.today=2026-01-15"})
@Import(ScriptedShopModel.class)
class AssistantTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;

  @Autowired
  ScriptedChatModel model;

  @Autowired
  ShopAssistantService assistant;

  @DynamicPropertySource
  static void storeFolder(DynamicPropertyRegistry registry) {
    String folder = ServiceTest.newStoreFolder().toString();
    registry.add("quarry.store.folder", () -> folder);
  }

  private int requestsBefore;

  @BeforeEach
  void rememberRequests() {
    requestsBefore = model.requests().size();
  }

  @Test
  void theAgentQueriesTheDatabaseAndThePoliciesThenAnswers() throws Exception {
    Http.Reply reply = new Http(port).postJson("/assistant",
        "{\"question\": \"" + ScriptedShopModel.ORDER_QUESTION + "\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode result = reply.json();
    assertThat(result.get("answered").asBoolean()).isTrue();
    assertThat(result.get("outcome").asString()).isEqualTo("ANSWERED");
    assertThat(result.get("answer").asString()).isEqualTo(ScriptedShopModel.ORDER_ANSWER);
    List<String> calls = new ArrayList<>();
    for (JsonNode call : result.get("toolCalls")) {
      calls.add(call.get("tool").asString() + (call.get("failed").asBoolean() ? " failed" : " ok"));
    }
    assertThat(calls).containsExactly("search_policies ok", "query_database ok");
    assertThat(result.get("toolCalls").get(1).get("arguments").asString()).contains("customer 17");
    List<ChatRequest> requests = newRequests();
    assertThat(result.get("usage").get("inputTokens").asInt()).isEqualTo(100 * requests.size());
    assertThat(result.get("usage").get("outputTokens").asInt()).isEqualTo(10 * requests.size());

    List<ChatRequest> agent = requests.stream().filter(request -> !request.tools().isEmpty()).toList();
    assertThat(agent.getFirst().tools()).extracting(ToolSpec::name)
        .containsExactlyInAnyOrder("search_policies", "query_database");
    assertThat(((SystemMessage) agent.getFirst().messages().getFirst()).text()).contains("Today is 2026-01-15");

    List<ToolResultMessage> results = ScriptedShopModel.toolResults(agent.getLast());
    JsonNode policies = JSON.readTree(results.get(0).content());
    assertThat(policies.get(0).get("source").asString()).isEqualTo("returns.md");
    LatestOrder expected = latestOrderOfCustomer17(assistant.jdbcUrl().orElseThrow());
    JsonNode rows = JSON.readTree(results.get(1).content()).get("rows");
    assertThat(rows).hasSize(expected.products().size());
    Set<String> products = new HashSet<>();
    for (JsonNode row : rows) {
      assertThat(row.get(0).asInt()).isEqualTo(expected.orderId());
      products.add(row.get(3).asString());
    }
    assertThat(products).isEqualTo(expected.products());
  }

  @Test
  void theConfidentialSalariesStayOutOfReach() {
    Http.Reply reply = new Http(port).postJson("/assistant",
        "{\"question\": \"" + ScriptedShopModel.SALARY_QUESTION + "\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode result = reply.json();
    assertThat(result.get("answer").asString()).isEqualTo(ScriptedShopModel.SALARY_ANSWER);
    assertThat(result.get("toolCalls")).extracting(call -> call.get("tool").asString(),
        call -> call.get("failed").asBoolean()).containsExactly(tuple("query_database", true));
    ToolResultMessage refused = ScriptedShopModel.toolResults(newRequests().stream()
        .filter(request -> !request.tools().isEmpty()).toList().getLast()).getFirst();
    assertThat(refused.error()).isTrue();
    assertThat(refused.content()).contains("TABLE_NOT_ALLOWED");
    ProblemDetailsTest.assertNothingInternal(reply.body());
  }

  @Test
  void askGeneratesWithTheSameChatModelAndReportsItsTokens() {
    Http http = new Http(port);
    ServiceTest.uploadAll(http, Http.FilePart.text("octopus.md",
        "# Octopuses\n\nAn octopus has three hearts and blue blood; two hearts pump blood through the gills."));

    Http.Reply reply = http.postJson("/ask", "{\"question\": \"How many hearts does an octopus have?\"}");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode answer = reply.json();
    assertThat(answer.get("kind").asString()).isEqualTo("GENERATED");
    assertThat(answer.get("answer").asString()).isEqualTo(ScriptedShopModel.RAG_ANSWER);
    assertThat(answer.get("citations").get(0).get("documentId").asString()).isEqualTo("octopus.md");
    assertThat(answer.get("usage").get("totalTokens").asInt()).isEqualTo(ScriptedShopModel.USAGE.totalTokens());
    ChatRequest prompt = newRequests().getLast();
    assertThat(prompt.tools()).isEmpty();
    assertThat(prompt.messages().toString()).contains("three hearts");
  }

  private List<ChatRequest> newRequests() {
    List<ChatRequest> all = model.requests();
    return all.subList(requestsBefore, all.size());
  }

  record LatestOrder(int orderId, Set<String> products) {}

  /** The answer worked out with plain JDBC, independently of the assistant. */
  private static LatestOrder latestOrderOfCustomer17(String jdbcUrl) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      int orderId;
      try (ResultSet order = connection.createStatement().executeQuery(
          "SELECT id FROM orders WHERE customer_id = 17 ORDER BY ordered_at DESC LIMIT 1")) {
        assertThat(order.next()).as("customer 17 has orders").isTrue();
        orderId = order.getInt(1);
      }
      Set<String> products = new HashSet<>();
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
      return new LatestOrder(orderId, products);
    }
  }
}
