package dev.quarry.rag.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {
  private static final String DIRECTORY = "dev/quarry/rag/pipeline/registry-test";

  @Test
  void loadsEveryVersionFromTheClassPathAndFindsTheLatest() {
    PromptRegistry registry = PromptRegistry.builder().classpath(DIRECTORY)
        .require("support-answer", Rag.CONTEXT, Rag.QUESTION).build();

    assertThat(registry.names()).containsExactly("summary", "support-answer");
    assertThat(registry.versions("support-answer")).containsExactly(1, 2);
    assertThat(registry.get("support-answer").id()).isEqualTo("support-answer.v2");
    assertThat(registry.get("support-answer", 1).variables()).containsExactly("context", "question");
    assertThat(registry.get("summary").version()).isEqualTo(3);
  }

  @Test
  void loadsFromAFolderAndFromAJar(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("greet.v1.txt"), "Hello {{name}}");
    Path jar = dir.resolve("prompts.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("acme/prompts/"));
      out.putNextEntry(new JarEntry("acme/prompts/farewell.v4.txt"));
      out.write("[user]\nGoodbye {{name}}".getBytes(StandardCharsets.UTF_8));
    }
    Path folder = Files.createDirectory(dir.resolve("prompts"));
    Files.move(dir.resolve("greet.v1.txt"), folder.resolve("greet.v1.txt"));
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      PromptRegistry registry = PromptRegistry.builder().folder(folder).classpath("acme/prompts/").build();
      assertThat(registry.names()).containsExactly("farewell", "greet");
      assertThat(registry.get("farewell", 4).render(Map.of("name", "Ada")).user()).isEqualTo("Goodbye Ada");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void everyProblemIsNamedWithItsFileAtOnce(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("answer.v2.text"), "typo in the extension");
    Files.writeString(dir.resolve("broken.v1.txt"), "[system]\nno user section");
    Files.write(dir.resolve("latin1.v1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
    Files.writeString(dir.resolve("huge.v1.txt"), "x".repeat(PromptRegistry.MAX_TEMPLATE_BYTES + 1));
    Files.writeString(dir.resolve("support-answer.v1.txt"), "{{context}} only");

    assertThatThrownBy(() -> PromptRegistry.builder().folder(dir).classpath(DIRECTORY)
            .require("support-answer", Rag.CONTEXT, Rag.QUESTION).require("missing").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("answer.v2.text is not named <name>.v<version>.txt")
        .hasMessageContaining("broken.v1.txt: prompt template broken.v1 has no [user] section")
        .hasMessageContaining("latin1.v1.txt is not UTF-8")
        .hasMessageContaining("huge.v1.txt holds")
        .hasMessageContaining("support-answer.v1 is defined twice")
        .hasMessageContaining("the required prompt missing is missing")
        .hasMessageContaining("support-answer.v1 (file ").hasMessageContaining("uses [context] but must use");
  }

  @Test
  void aRequiredPromptMustUseExactlyItsVariablesInEveryVersion(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("answer.v1.txt"), "{{context}} {{question}}");
    Files.writeString(dir.resolve("answer.v2.txt"), "{{context}} {{question}} {{tone}}");

    assertThatThrownBy(() -> PromptRegistry.builder().folder(dir).require("answer", "context", "question").build())
        .hasMessageContaining("answer.v2 (file ").hasMessageContaining("uses [context, question, tone]");
  }

  @Test
  void lookupsOfUnknownNamesAndVersionsSayWhatThereIs() {
    PromptRegistry registry = PromptRegistry.builder().classpath(DIRECTORY).build();
    assertThatThrownBy(() -> registry.get("nope")).hasMessageContaining("no prompt named nope")
        .hasMessageContaining("summary");
    assertThatThrownBy(() -> registry.get("support-answer", 7)).hasMessageContaining("versions: [1, 2]");
    assertThatThrownBy(() -> registry.split("support-answer", Map.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> PromptRegistry.builder().classpath("no/such/dir"))
        .hasMessageContaining("no class-path entry holds");
    assertThatThrownBy(() -> PromptRegistry.builder().folder(Path.of("/no/such/folder")))
        .hasMessageContaining("prompt folder not found");
  }

  @Test
  void aSplitIsStickyPerKeyAndSharesByWeight() {
    PromptRegistry registry = PromptRegistry.builder().classpath(DIRECTORY).build();
    PromptChoice split = registry.split("support-answer", Map.of(1, 90, 2, 10));

    int second = 0;
    for (int i = 0; i < 10_000; i++) {
      PromptTemplate picked = split.pick("user-" + i);
      assertThat(split.pick("user-" + i)).isSameAs(picked);
      second += picked.version() == 2 ? 1 : 0;
    }
    assertThat(second).isBetween(850, 1150); // 10% of 10,000, within about 3.3 standard deviations
    assertThat(split).hasToString("PromptChoice[split: support-answer.v1=90, support-answer.v2=10]");
    assertThat(PromptChoice.of(registry.get("summary")).pick("anyone").id()).isEqualTo("summary.v3");
  }

  @Test
  void aSplitRefusesBadWeightsAndMixedVariables() {
    PromptRegistry registry = PromptRegistry.builder().classpath(DIRECTORY).build();
    assertThatThrownBy(() -> registry.split("support-answer", Map.of(1, 0)))
        .hasMessageContaining("weight of support-answer.v1 must be > 0");
    assertThatThrownBy(() -> PromptChoice.split(Map.of(registry.get("summary"), 1, registry.get("support-answer"), 1)))
        .hasMessageContaining("must use the same variables");
    assertThatThrownBy(() -> PromptChoice.of(null)).hasMessageContaining("must not be null");
    PromptTemplate again = PromptTemplate.builder("summary", 3).text("Summarise: {{text}}").variables("text").build();
    assertThatThrownBy(() -> PromptChoice.split(Map.of(registry.get("summary"), 1, again, 1)))
        .hasMessageContaining("two templates with the id summary.v3");
    java.util.Map<PromptTemplate, Integer> withNull = new java.util.HashMap<>();
    withNull.put(null, 1);
    assertThatThrownBy(() -> PromptChoice.split(withNull)).hasMessageContaining("null template");
  }
}
