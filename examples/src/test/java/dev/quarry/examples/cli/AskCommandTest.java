package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static dev.quarry.examples.cli.CliRunner.writeCorpus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import dev.quarry.testkit.CannedChatCompletionsServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AskCommandTest {
  static final String QUESTION = "How often does the lighthouse flash?";

  @TempDir static Path dir;
  static Path store;

  @BeforeAll
  static void ingest() throws Exception {
    store = dir.resolve("store");
    Run ingest = run("ingest", writeCorpus(dir.resolve("docs")).toString(), "--store", store.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  @Test
  void withoutAChatModelTheAnswerIsExtractiveAndSaysHowToConfigureOne() {
    Run ask = run("ask", QUESTION, "--store", store.toString());

    assertThat(ask.exitCode()).as(ask.err()).isZero();
    assertThat(ask.err()).isEmpty();
    String[] lines = ask.out().split("\\R");
    assertThat(lines[0]).contains("flashes its white light every ten seconds").contains("[1]");
    assertThat(ask.out()).contains("Extractive answer").contains("no language model wrote it")
        .contains("QUARRY_OPENAI_BASE_URL").contains("QUARRY_OPENAI_MODEL");
    assertThat(ask.out()).containsPattern("(?m)^Sources:\\R\\[1\\] \\S*lighthouse\\.txt, chars 0-99$");
    assertThat(lines[lines.length - 1]).startsWith("retrieved 4, kept ").contains("of 3000 budgeted")
        .contains("extract ").doesNotContain("tokens in");
  }

  @Test
  void aQuestionTheDocumentsDoNotAnswerSaysSoAndCitesNothing() {
    Run ask = run("ask", "Who won the football world cup in 2014?", "--store", store.toString());

    assertThat(ask.exitCode()).as(ask.err()).isZero();
    assertThat(ask.out()).startsWith("Nothing relevant to this question was found in the documents.")
        .contains("The answer cites no source.").doesNotContain("Sources:").doesNotContain("Extractive answer");
  }

  @Test
  void withABaseUrlAnOpenAiCompatibleServerWritesTheAnswer() throws Exception {
    try (CannedChatCompletionsServer server =
        CannedChatCompletionsServer.answering("The light flashes every ten seconds [1].", 321, 12)) {
      Run ask = run(Map.of("QUARRY_OPENAI_BASE_URL", server.baseUrl(), "QUARRY_OPENAI_MODEL", "test-model"),
          "ask", QUESTION, "--store", store.toString(), "-k", "2");

      assertThat(ask.exitCode()).as(ask.err()).isZero();
      assertThat(ask.out()).startsWith("The light flashes every ten seconds [1]." + System.lineSeparator())
          .doesNotContain("Extractive")
          .containsPattern("(?m)^Sources:\\R\\[1\\] \\S*lighthouse\\.txt, chars 0-99$")
          .containsPattern("(?m)^retrieved 2, kept 2 in 2 passages .*; test-model: 321 tokens in, 12 out; .*generate");
      assertThat(server.received()).singleElement().satisfies(request -> {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.authorization()).isEqualTo("Bearer " + OpenAiEndpoint.PLACEHOLDER_API_KEY);
        assertThat(request.body()).contains("\"test-model\"").contains("flashes its white light")
            .contains("How often does the lighthouse flash?");
      });
    }
  }

  @Test
  void anApiKeyIsSentWhenSet() throws Exception {
    try (CannedChatCompletionsServer server = CannedChatCompletionsServer.answering("Every ten seconds [1].", 1, 1)) {
      Run ask = run(Map.of("QUARRY_OPENAI_BASE_URL", server.baseUrl(), "QUARRY_OPENAI_MODEL", "m",
          "QUARRY_OPENAI_API_KEY", "sk-test"), "ask", QUESTION, "--store", store.toString());

      assertThat(ask.exitCode()).as(ask.err()).isZero();
      assertThat(server.received()).singleElement().extracting(CannedChatCompletionsServer.Received::authorization)
          .isEqualTo("Bearer sk-test");
    }
  }

  @Test
  void anUnreachableServerIsNamedInTheError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    String baseUrl = "http://127.0.0.1:" + port + "/v1";
    Run ask = run(Map.of("QUARRY_OPENAI_BASE_URL", baseUrl, "QUARRY_OPENAI_MODEL", "m"), "ask", QUESTION,
        "--store", store.toString());

    assertThat(ask.exitCode()).isEqualTo(2);
    assertThat(ask.err()).isEqualTo("quarry ask: the chat server failed (m at " + baseUrl + "): cannot connect;"
        + " is the server running? (QUARRY_OPENAI_BASE_URL)" + System.lineSeparator());
  }

  @Test
  void aBaseUrlWithoutAModelIsAClearError() {
    Run ask = run(Map.of("QUARRY_OPENAI_BASE_URL", "http://127.0.0.1:9/v1"), "ask", QUESTION, "--store",
        store.toString());

    assertThat(ask.exitCode()).isEqualTo(2);
    assertThat(ask.err()).startsWith("quarry ask: QUARRY_OPENAI_BASE_URL is set but QUARRY_OPENAI_MODEL is not")
        .doesNotContain("\tat ");
    assertThat(ask.out()).isEmpty();
  }

  @Test
  void aBaseUrlThatIsNotHttpIsAClearError() {
    Run ask = run(Map.of("QUARRY_OPENAI_BASE_URL", "localhost:11434", "QUARRY_OPENAI_MODEL", "m"), "ask", QUESTION,
        "--store", store.toString());

    assertThat(ask.exitCode()).isEqualTo(2);
    assertThat(ask.err()).contains("QUARRY_OPENAI_BASE_URL must be an http:// or https:// URL")
        .contains("'localhost:11434'");
  }

  @Test
  void badArgumentsExitWithTwoAndNameTheProblem(@TempDir Path empty) {
    Run noStore = run("ask", QUESTION, "--store", empty.resolve("none").toString());
    assertThat(noStore.exitCode()).isEqualTo(2);
    assertThat(noStore.err()).contains("run 'quarry ingest <folder>' first");

    Run top = run("ask", QUESTION, "--store", store.toString(), "--max-results", "0");
    assertThat(top.exitCode()).isEqualTo(2);
    assertThat(top.err()).contains("--max-results must be at least 1, was 0");

    Run budget = run("ask", QUESTION, "--store", store.toString(), "--max-context-tokens", "-5");
    assertThat(budget.exitCode()).isEqualTo(2);
    assertThat(budget.err()).contains("--max-context-tokens must be at least 1, was -5");

    Run tiny = run("ask", QUESTION, "--store", store.toString(), "--max-context-tokens", "5");
    assertThat(tiny.exitCode()).isEqualTo(2);
    assertThat(tiny.err()).startsWith("quarry ask: the prompt leaves no room under the limit of 5 tokens");
  }

  @Test
  void aBudgetTooSmallForAnyPassageSaysSoRatherThanThatNothingMatches() {
    Run ask = run("ask", QUESTION, "--store", store.toString(), "--max-context-tokens", "20");

    assertThat(ask.exitCode()).as(ask.err()).isZero();
    assertThat(ask.out()).startsWith("None of the 4 passages retrieved fits in the token budget of 20;"
        + " raise --max-context-tokens.").contains("No sources.").contains("retrieved 4, kept 0 in 0 passages");
  }
}
