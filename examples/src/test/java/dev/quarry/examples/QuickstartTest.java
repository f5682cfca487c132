package dev.quarry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

  @Test
  void quickstartPrintsThePassagesThatAnswerTheQuestionAndACitedAnswer(@TempDir Path folder, @TempDir Path store)
      throws Exception {
    Files.writeString(folder.resolve("volcanoes.md"),
        "# Volcanoes\n\nMagma rises through the crust and erupts as lava.");
    Files.writeString(folder.resolve("baking.txt"), "Bread dough rises because yeast ferments the sugars.");
    Files.writeString(folder.resolve("tides.html"), "<html><head><title>Tides</title></head><body><p>The Moon's"
        + " gravity pulls the oceans, causing tides.</p></body></html>");

    List<String> printed = printedBy(() -> Quickstart.run(folder, store, "Why do the oceans have tides?"));

    assertThat(printed).hasSizeGreaterThanOrEqualTo(4);
    assertThat(printed.subList(0, 3)).allMatch(line -> line.matches("-?\\d+\\.\\d{3}  .+"));
    assertThat(printed.get(0)).endsWith("tides.html");
    assertThat(String.join("\n", printed.subList(3, printed.size()))).contains("gravity pulls the oceans")
        .contains("[1]");
    assertThat(store.resolve("index")).isDirectory();
    assertThat(store.resolve("keywords")).isDirectory();
    assertThat(store.resolve("quarry.properties")).content().contains("model=BGE_SMALL_EN_V15");
  }

  @Test
  void readmeShowsTheQuickstartCodeAsItIs() throws Exception {
    String source = Files.readString(Path.of("src/main/java/dev/quarry/examples/Quickstart.java"));
    String code = source.substring(source.indexOf("// quickstart:begin") + "// quickstart:begin".length(),
        source.indexOf("// quickstart:end"));
    String readme = Files.readString(Path.of("../README.md"));
    for (String line : code.strip().split("\n")) {
      assertThat(readme).as("README quickstart line").contains(line.strip());
    }
  }

  /** The lines {@code action} prints on standard output. */
  private static List<String> printedBy(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
