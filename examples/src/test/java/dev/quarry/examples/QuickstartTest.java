package dev.quarry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {

  @Test
  void quickstartFindsThePassageThatAnswersTheQuestion(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("volcanoes.md"), "# Volcanoes\n\nMagma rises through the crust and erupts as lava.");
    Files.writeString(folder.resolve("baking.txt"), "Bread dough rises because yeast ferments the sugars.");
    Files.writeString(folder.resolve("tides.html"),
        "<html><head><title>Tides</title></head><body><p>The Moon's gravity pulls the oceans, causing tides.</p></body></html>");

    List<SearchHit> hits = Quickstart.run(folder, "Why does the sea level change twice a day?");

    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).chunk().metadata().getString("source").orElseThrow()).endsWith("tides.html");
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
}
