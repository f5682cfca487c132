package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every bad request is an RFC 9457 problem detail with the right status, a detail that says what was wrong, the
 * path as its instance, and nothing of the server's insides: no exception class, no stack frame, no Java package.
 */
class ProblemDetailsTest extends ServiceTest {
  private static final String QUESTION_TOO_LONG = "why ".repeat(1_001);

  /**
   * Checks {@code reply} is a problem detail of {@code status} whose detail contains each of {@code words}, and
   * that it shows nothing internal.
   */
  static JsonNode assertProblem(Http.Reply reply, int status, String... words) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
    JsonNode problem = reply.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).as(reply.toString()).isNotBlank().contains(words);
    assertThat(problem.propertyNames()).doesNotContain("trace", "exception", "stackTrace", "errors", "message");
    assertNothingInternal(reply.body());
    return problem;
  }

  static void assertNothingInternal(String body) {
    assertThat(body).as("no exception names").doesNotContainIgnoringCase("exception")
        .doesNotContainPattern("\\b[A-Z][a-z]+(?:[A-Z][a-z]*)+Error\\b");
    assertThat(body).as("no stack frames").doesNotContainPattern("\\bat [\\w$.]+\\([\\w$]*\\.java:\\d+\\)")
        .doesNotContain("\tat ");
    assertThat(body).as("no Java packages").doesNotContain("java.", "javax.", "jakarta.", "org.springframework",
        "org.apache", "tools.jackson", "com.fasterxml", "dev.quarry", "ai.djl");
  }

  static Stream<Arguments> badSearches() {
    return Stream.of(
        Arguments.of("/search", "query parameter 'q' is required"),
        Arguments.of("/search?k=5", "query parameter 'q' is required"),
        Arguments.of("/search?q=", "q must not be blank"),
        Arguments.of("/search?q=%20%20%20", "q must not be blank"),
        Arguments.of("/search?q=tides&k=0", "k must be between 1 and 100"),
        Arguments.of("/search?q=tides&k=101", "k must be between 1 and 100"),
        Arguments.of("/search?q=tides&k=-3", "k must be between 1 and 100"),
        Arguments.of("/search?q=tides&k=abc", "'k' must be a whole number, was 'abc'"),
        Arguments.of("/search?q=tides&k=1.5", "'k' must be a whole number"),
        Arguments.of("/search?q=" + "why+".repeat(1_001), "q must be at most 4000 characters"));
  }

  @ParameterizedTest
  @MethodSource("badSearches")
  void badSearchesAre400s(String pathAndQuery, String detail) {
    JsonNode problem = assertProblem(http().get(pathAndQuery), 400, detail);
    assertThat(problem.get("instance").asString()).isEqualTo("/search");
  }

  @Test
  void anUndecodableQueryStringIs400() {
    // java.net.URI refuses to hold such a URL, so the request goes out over a plain socket
    JsonNode problem =
        assertProblem(http().rawGet("/search?q=%zz&k=3"), 400, "the query string could not be decoded");
    assertThat(problem.get("instance").asString()).isEqualTo("/search");
  }

  static Stream<Arguments> badQuestions() {
    return Stream.of(
        Arguments.of("", "the request needs a JSON body"),
        Arguments.of("null", "the request needs a JSON body"),
        Arguments.of("{", "not valid JSON at line 1, column 2"),
        Arguments.of("{\"question\": }", "not valid JSON at line 1, column 14: Unexpected character"),
        Arguments.of("{\"question\": \"why\"", "not valid JSON"),
        Arguments.of("{\"question\": 'single quotes'}", "not valid JSON"),
        Arguments.of("{}", "question must not be blank"),
        Arguments.of("{\"question\": null}", "question must not be blank"),
        Arguments.of("{\"question\": \"   \"}", "question must not be blank"),
        Arguments.of("{\"question\": \"" + QUESTION_TOO_LONG + "\"}", "question must be at most 4000 characters"),
        Arguments.of("{\"question\": {\"text\": \"why\"}}", "field 'question' has a value of the wrong type"),
        Arguments.of("[\"why\"]", "must be a JSON object"),
        Arguments.of("\"why\"", "must be a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("badQuestions")
  void badQuestionsToAskAre400s(String body, String detail) {
    assertProblem(http().postJson("/ask", body), 400, detail);
  }

  @ParameterizedTest
  @MethodSource("badQuestions")
  void badQuestionsToTheAssistantAre400sEvenWithoutAChatModel(String body, String detail) {
    assertProblem(http().postJson("/assistant", body), 400, detail);
  }

  @Test
  void badFoldersAre400s(@TempDir Path temp) throws Exception {
    Path file = Files.writeString(temp.resolve("notes.md"), "# Notes");
    Http http = http();
    assertProblem(http.postJson("/documents", "{\"folder\": \"" + temp.resolve("missing") + "\"}"), 400,
        "folder " + temp.resolve("missing") + " does not exist");
    assertProblem(http.postJson("/documents", "{\"folder\": \"" + file + "\"}"), 400,
        "folder " + file + " is not a directory");
    assertProblem(http.postJson("/documents", "{\"folder\": \"relative/docs\"}"), 400,
        "folder must be an absolute path on the server, was 'relative/docs'");
    assertProblem(http.postJson("/documents", "{\"folder\": \"  \"}"), 400, "folder must not be blank");
    assertProblem(http.postJson("/documents", "{}"), 400, "folder must not be blank");
    assertProblem(http.postJson("/documents", "{\"folder\": [1, 2]}"), 400, "field 'folder'");
    assertProblem(http.postJson("/documents", "{\"folder\": \"/tmp\""), 400, "not valid JSON");
    JsonNode problem = assertProblem(http.postJson("/documents", ""), 400, "the request needs a JSON body");
    assertThat(problem.get("instance").asString()).isEqualTo("/documents");
  }

  @Test
  void badUploadsAre400s() {
    Http http = http();
    byte[] formOnly = ("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b--\r\n")
        .getBytes(StandardCharsets.UTF_8);
    assertProblem(http.post("/documents", "multipart/form-data; boundary=b", formOnly), 400,
        "the upload holds no file");
    assertProblem(http.upload("/documents", List.of(Http.FilePart.text("same.md", "one"),
        Http.FilePart.text("same.md", "two"))), 400, "two uploaded files are named 'same.md'");
    assertProblem(http.upload("/documents", List.of(Http.FilePart.text("a/../same.md", "one"),
        Http.FilePart.text("C:\\Users\\me\\same.md", "two"))), 400, "two uploaded files are named 'same.md'");
  }

  static Stream<Arguments> unknownPaths() {
    return Stream.of(
        Arguments.of("GET", "/nope"),
        Arguments.of("GET", "/documents/zeppelin.md"),
        Arguments.of("POST", "/questions"),
        Arguments.of("GET", "/search/"),
        Arguments.of("GET", "/actuator/nope"),
        Arguments.of("GET", "/actuator/env"), // not exposed
        Arguments.of("DELETE", "/actuator/shutdown"),
        Arguments.of("GET", "/error"));
  }

  @ParameterizedTest
  @MethodSource("unknownPaths")
  void unknownPathsAre404s(String method, String path) {
    Http http = http();
    Http.Reply reply = http.send(http.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    JsonNode problem = assertProblem(reply, 404, "no endpoint at " + method + " " + path, "POST /documents");
    assertThat(problem.get("instance").asString()).isEqualTo(path);
  }

  @Test
  void anUnknownPathIsAProblemDetailEvenForABrowser() {
    Http http = http();
    Http.Reply reply = http.send(http.request("/index.html").header("Accept", "text/html").GET());
    assertProblem(reply, 404, "no endpoint at GET /index.html");
  }

  @Test
  void aJsonBodyOverItsLimitIs413WhetherItDeclaresItsLengthOrNot() {
    String question = "{\"question\": \"" + "why ".repeat(JsonBodyLimitFilter.MAX_JSON_BYTES / 4) + "\"}";
    assertProblem(http().postJson("/ask", question), 413, "the request is too large");
    Http http = http();
    Http.Reply chunked = http.send(http.request("/assistant").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
            new java.io.ByteArrayInputStream(question.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    assertProblem(chunked, 413, "the request is too large");
    // just under the limit, the request's own checks answer
    String longest = "{\"question\": \"" + "x".repeat(JsonBodyLimitFilter.MAX_JSON_BYTES - 20) + "\"}";
    assertThat(http().postJson("/ask", longest).status()).isEqualTo(400);
  }

  @Test
  void aFileOverTheSizeLimitIs413() {
    byte[] big = text((MAX_FILE_KB + 16) * 1024);
    assertProblem(http().upload("/documents", List.of(new Http.FilePart("file", "big.txt", big))), 413,
        "the upload is too large: at most " + MAX_FILE_KB + "KB per file and " + MAX_REQUEST_KB
            + "KB per request");
  }

  @Test
  void aFileOverTheSizeLimitIs413EvenNextToSmallOnes() {
    assertProblem(http().upload("/documents", List.of(Http.FilePart.text("small.txt", "tiny"),
        new Http.FilePart("file", "big.md", text((MAX_FILE_KB + 1) * 1024)))), 413, "the upload is too large");
  }

  @Test
  void filesUnderTheLimitThatTogetherExceedTheRequestLimitAre413() {
    int each = (MAX_FILE_KB - 4) * 1024;
    int count = MAX_REQUEST_KB * 1024 / each + 1;
    List<Http.FilePart> files = IntStream.range(0, count)
        .mapToObj(i -> new Http.FilePart("file", "part-" + i + ".txt", text(each))).toList();
    assertProblem(http().upload("/documents", files), 413, "the upload is too large");
  }

  @Test
  void tooManyPartsIs413() {
    List<Http.FilePart> files = IntStream.rangeClosed(0, MAX_PARTS)
        .mapToObj(i -> Http.FilePart.text("note-" + i + ".txt", "note " + i)).toList();
    assertProblem(http().upload("/documents", files), 413,
        "the upload has too many parts: at most " + MAX_PARTS + " files and fields in one request");
  }

  @Test
  void anUnreadableMultipartBodyIs400() {
    Http http = http();
    assertProblem(http.post("/documents", "multipart/form-data; boundary=b", bytes("--b\r\nContent-Dispo")), 400,
        "the multipart/form-data body could not be read");
    assertProblem(http.post("/documents", "multipart/form-data", bytes("no boundary")), 400,
        "the multipart/form-data body could not be read");
  }

  /** What Tomcat rejects before Spring sees it is a problem detail too, not Tomcat's HTML page. */
  @Test
  void requestsTomcatRejectsAre400ProblemDetails() {
    Http http = http();
    assertProblem(http.rawGet("/search%2Fx?q=tides"), 400, "the request is malformed");
    assertProblem(http.rawGet("/a/../../etc/passwd"), 400, "the request is malformed");
    assertProblem(http.rawGet("/search?q=tides", "X-Padding: " + "x".repeat(20_000)), 400,
        "the request is malformed");
  }

  @Test
  void unsupportedContentTypesAre415s() {
    Http http = http();
    assertProblem(http.post("/ask", "text/plain", bytes("why?")), 415,
        "Content-Type 'text/plain' is not supported on /ask; send application/json");
    assertProblem(http.post("/assistant", "application/xml", bytes("<question>why?</question>")), 415,
        "not supported on /assistant");
    assertProblem(http.post("/documents", "text/plain", bytes("notes")), 415,
        "send application/json or multipart/form-data");
    assertProblem(http.post("/documents", "application/x-www-form-urlencoded", bytes("folder=/tmp")), 415,
        "not supported on /documents");
    assertProblem(http.post("/ask", null, bytes("{\"question\": \"why?\"}")), 415,
        "a request without Content-Type is not supported on /ask");
  }

  @Test
  void wrongMethodsAre405sThatSayWhichMethodToUse() {
    Http http = http();
    assertProblem(http.get("/ask"), 405, "GET is not supported on /ask; use POST");
    assertProblem(http.get("/documents"), 405, "use POST");
    assertProblem(http.post("/search?q=tides", "application/json", bytes("{}")), 405, "use GET");
    Http.Reply delete = http.send(http.request("/assistant").DELETE());
    assertProblem(delete, 405, "DELETE is not supported on /assistant; use POST");
  }

  @Test
  void theAssistantWithoutAChatModelIs503() {
    JsonNode problem = assertProblem(http().postJson("/assistant", "{\"question\": \"Where is order 7?\"}"), 503,
        "no chat model is configured", "service.chat.base-url");
    assertThat(problem.get("instance").asString()).isEqualTo("/assistant");
  }

  @Test
  void theLeakCheckCatchesWhatItShould() {
    for (String leak : List.of("{\"detail\": \"IllegalStateException: boom\"}",
        "{\"detail\": \"OutOfMemoryError\"}", "{\"detail\": \"at dev.quarry.Foo.bar(Foo.java:12)\"}",
        "{\"detail\": \"see java.lang.String\"}",
        "{\"detail\": \"tools.jackson.core.exc.StreamReadException\"}")) {
      assertThatThrownBy(() -> assertNothingInternal(leak))
          .isInstanceOf(AssertionError.class);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] text(int size) {
    byte[] text = new byte[size];
    Arrays.fill(text, (byte) 'a');
    for (int i = 80; i < size; i += 81) {
      text[i] = '\n';
    }
    return text;
  }
}
