package dev.quarry.rag.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
  private static final String TEXT = "[system]\nBe brief about {{topic}}.\n[user]\n{{context}}\n\nQ: {{question}}\n";

  @Test
  void rendersTheSystemAndUserSections() {
    PromptTemplate template =
        PromptTemplate.builder("brief", 3).text(TEXT).variables("context", "question", "topic").build();

    RenderedPrompt prompt = template.render(Map.of("topic", "birds", "context", "[1] x", "question", "Why?"));

    assertThat(template.id()).isEqualTo("brief.v3");
    assertThat(template.variables()).containsExactly("topic", "context", "question");
    assertThat(prompt).isEqualTo(new RenderedPrompt("Be brief about birds.", "[1] x\n\nQ: Why?"));
    assertThat(prompt.messages())
        .containsExactly(new SystemMessage("Be brief about birds."), new UserMessage("[1] x\n\nQ: Why?"));
  }

  @Test
  void treatsTextWithoutSectionLinesAsTheUserMessage() {
    PromptTemplate template = PromptTemplate.builder("plain", 1).text("  Say {{ word }}.  ").variables("word").build();

    RenderedPrompt prompt = template.render(Map.of("word", "hi"));

    assertThat(prompt.system()).isEmpty();
    assertThat(prompt.messages()).containsExactly(new UserMessage("Say hi."));
  }

  @Test
  void fillsPlaceholdersOnceSoValuesAreNotScannedAgain() {
    PromptTemplate template = PromptTemplate.builder("echo", 1).text("{{a}} and {{b}}").variables("a", "b").build();

    assertThat(template.render(Map.of("a", "{{b}} $1 \\", "b", "x")).user()).isEqualTo("{{b}} $1 \\ and x");
  }

  @Test
  void rejectsPlaceholdersAndVariablesThatDoNotMatchWhenBuilt() {
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text(TEXT).variables("context", "question").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.v1")
        .hasMessageContaining("placeholders [{{topic}}] are not declared");
    assertThatThrownBy(
            () -> PromptTemplate.builder("t", 1).text(TEXT).variables("context", "question", "topic", "tone").build())
        .hasMessageContaining("declared [tone] never appear");
  }

  @Test
  void rejectsMissingOrUnknownValuesWhenRendered() {
    PromptTemplate template =
        PromptTemplate.builder("t", 1).text(TEXT).variables("context", "question", "topic").build();

    assertThatThrownBy(() -> template.render(Map.of("context", "c", "question", "q")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs values for [topic]");
    assertThatThrownBy(() -> template.render(Map.of("context", "c", "question", "q", "topic", "t", "tone", "x")))
        .hasMessageContaining("has no variables [tone]");
  }

  @Test
  void rejectsMalformedTemplates() {
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).variables().build()).hasMessageContaining("has no text");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("hi").build())
        .hasMessageContaining("must declare its variables");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("x\n[user]\nhi").variables().build())
        .hasMessageContaining("text before its first");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("[user]\na\n[user]\nb").variables().build())
        .hasMessageContaining("two [user] sections");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("[system]\nbe nice").variables().build())
        .hasMessageContaining("no [user] section");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("[user]\n  \n").variables().build())
        .hasMessageContaining("empty user message");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).text("a").text("b"))
        .hasMessageContaining("already has its text from text");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).variables("a", "a")).hasMessageContaining("twice");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 1).variables("no space")).hasMessageContaining("'no space'");
    assertThatThrownBy(() -> PromptTemplate.builder("bad name", 1)).hasMessageContaining("'bad name'");
    assertThatThrownBy(() -> PromptTemplate.builder("t", 0)).hasMessageContaining("version must be >= 1");
  }

  @Test
  void loadsFromAClasspathResource() {
    PromptTemplate template =
        PromptTemplate.builder("support-answer", 2)
            .resource("dev/quarry/rag/pipeline/support-answer.v2.txt")
            .variables("product", "context", "question")
            .build();

    RenderedPrompt prompt = template.render(Map.of("product", "Quarry", "context", "[1] c", "question", "q?"));

    assertThat(prompt.system()).isEqualTo("You are the support desk of Quarry. Cite passages as [n].");
    assertThat(prompt.user()).isEqualTo("[1] c\n\nCustomer question: q?");
  }

  @Test
  void loadsFromAFileNamedForItsVersion(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("short.v4.txt"), "Answer {{question}} in one line.");

    PromptTemplate template = PromptTemplate.builder("short", 4).file(file).variables("question").build();

    assertThat(template.render(Map.of("question", "why")).user()).isEqualTo("Answer why in one line.");
    assertThatThrownBy(() -> PromptTemplate.builder("short", 3).file(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds template short.v4, not short.v3");
    assertThatThrownBy(() -> PromptTemplate.builder("short", 4).file(dir.resolve("missing.txt")))
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> PromptTemplate.builder("short", 4).resource("no/such/prompt.txt"))
        .hasMessageContaining("not found on the classpath: no/such/prompt.txt");
  }

  @Test
  void shipsTheDefaultPromptsWithTheirVariables() {
    assertThat(Rag.DEFAULT_ANSWER_PROMPT.id()).isEqualTo("rag-answer.v2");
    assertThat(Rag.DEFAULT_ANSWER_PROMPT.variables()).containsExactly("context", "question");
    assertThat(Rag.DEFAULT_FACTS_PROMPT.id()).isEqualTo("rag-facts.v2");
    assertThat(Rag.DEFAULT_ANSWER_FROM_FACTS_PROMPT.variables()).containsExactly("facts", "question");
    assertThat(PromptTemplate.builder("rag-facts", 1).bundled().variables("context", "question").build().render(
            Map.of("context", "[1] c", "question", "q")).user())
        .isEqualTo("Passages:\n\n[1] c\n\nQuestion: q");
    assertThatThrownBy(() -> PromptTemplate.builder("rag-answer", 9).bundled())
        .hasMessageContaining("dev/quarry/rag/pipeline/prompts/rag-answer.v9.txt");
  }
}
