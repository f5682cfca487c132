package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.AgentResult;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.examples.ShopAssistant;
import dev.quarry.examples.cli.CliRunner.Run;
import dev.quarry.testkit.CannedChatCompletionsServer;
import dev.quarry.testkit.ScriptedChatModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssistantCommandTest {
  static final String QUESTION = "Can customer 17 still return what they ordered last?";

  @Test
  void withoutAChatModelItExitsWithTwoAndSaysHowToConfigureOne() {
    Run assistant = run("assistant", QUESTION);

    assertThat(assistant.exitCode()).isEqualTo(2);
    assertThat(assistant.out()).isEmpty();
    assertThat(assistant.err()).isEqualTo("quarry assistant: the assistant needs a chat model that can call tools: "
        + OpenAiEndpoint.HOW_TO + System.lineSeparator());
  }

  @Test
  void anOpenAiCompatibleServerGetsBothToolsAndItsAnswerIsPrintedWithTheTrace() throws Exception {
    try (CannedChatCompletionsServer server =
        CannedChatCompletionsServer.answering("Please tell me your order number.", 321, 12)) {
      Run assistant = run(Map.of("QUARRY_OPENAI_BASE_URL", server.baseUrl(), "QUARRY_OPENAI_MODEL", "test-model"),
          "assistant", QUESTION, "--today", "2025-06-01");

      assertThat(assistant.exitCode()).as(assistant.err()).isZero();
      assertThat(assistant.out()).startsWith("Please tell me your order number." + System.lineSeparator())
          .containsPattern("(?m)^Trace:\\R 1\\. model, .*, 321 tokens in, 12 out: answers$")
          .containsPattern("(?m)^ANSWERED after 1 model call and 0 tool calls in .*; test-model: 321 tokens in,"
              + " 12 out \\(the tools' calls included\\)$");
      assertThat(server.received()).singleElement().satisfies(request -> assertThat(request.body())
          .contains("\"search_policies\"").contains("\"query_database\"").contains("Today is 2025-06-01")
          .contains("customer 17"));
    }
  }

  @Test
  void anUnreachableServerEndsTheRunWithoutAnAnswer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Run assistant = run(Map.of("QUARRY_OPENAI_BASE_URL", "http://127.0.0.1:" + port + "/v1",
        "QUARRY_OPENAI_MODEL", "m"), "assistant", QUESTION);

    assertThat(assistant.exitCode()).isEqualTo(1);
    assertThat(assistant.out()).startsWith("No answer: the chat model failed: ").contains("cannot connect")
        .containsPattern("(?m)^ 1\\. model, [0-9.]+ (ms|s), no reply: .*cannot connect")
        .containsPattern("(?m)^MODEL_FAILED after 0 model calls and 0 tool calls ");
  }

  @Test
  void badInputExitsWithTwo() {
    Map<String, String> configured = Map.of("QUARRY_OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
        "QUARRY_OPENAI_MODEL", "m");
    Run blank = run(configured, "assistant", " ");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).isEqualTo("quarry assistant: the question is blank" + System.lineSeparator());

    Run date = run(configured, "assistant", QUESTION, "--today", "June 1st");
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err()).contains("--today").contains("June 1st");
  }

  @Test
  void theTraceShowsEachToolCallWithItsArgumentsAndTheStartOfItsResult() {
    // A test double plays the agent: one search, then the answer.
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(new ToolCall("c1", "search_policies", "{\"query\": \"battery warranty\"}")))
        .reply("Batteries are covered for one year [warranty.md].")
        .build();
    try (ShopAssistant assistant = ShopAssistant.open(model, LocalDate.of(2025, 6, 1))) {
      AgentResult result = assistant.ask("How long is a battery covered?");
      StringWriter out = new StringWriter();
      AgentResultPrinter.print(result, "scripted", new TokenUsage(7, 3), new PrintWriter(out, true));

      assertThat(out.toString().split("\\R")).satisfiesExactly(
          line -> assertThat(line).isEqualTo("Batteries are covered for one year [warranty.md]."),
          line -> assertThat(line).isEmpty(),
          line -> assertThat(line).isEqualTo("Trace:"),
          line -> assertThat(line).matches(" 1\\. model, .*: calls 1 tool"),
          line -> assertThat(line) // a slow machine may take a second or more
              .matches(" 2\\. search_policies \\{\"query\": \"battery warranty\"}, (\\d+ ms|\\d+\\.\\d s)"),
          line -> assertThat(line).startsWith("      -> [{\"id\":\"warranty.md#0\",")
              .contains("two-year warranty").hasSizeLessThan(AgentResultPrinter.RESULT_CHARS + 30)
              .endsWith(" chars)"),
          line -> assertThat(line).matches(" 3\\. model, .*: answers"),
          line -> assertThat(line).startsWith("ANSWERED after 2 model calls and 1 tool call in ")
              .endsWith("; scripted: 7 tokens in, 3 out (the tools' calls included)"));
    }
  }
}
