package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static dev.quarry.examples.cli.CliRunner.writeCorpus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchCommandTest {
  @TempDir static Path dir;
  static Path store;

  @BeforeAll
  static void ingest() throws Exception {
    store = dir.resolve("store");
    Run ingest = run("ingest", writeCorpus(dir.resolve("docs")).toString(), "--store", store.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("Ingested 4 files: 4 chunks embedded").doesNotContain("keyword index");
  }

  @Test
  void ingestKeepsAKeywordIndexBesideTheVectorStore() {
    assertThat(store.resolve("index")).isDirectory();
    assertThat(store.resolve("keywords")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("segments"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense", "bm25", "hybrid"})
  void eachRetrieverFindsTheRightFile(String retriever) {
    Run search = run("search", "how is espresso brewed?", "--store", store.toString(), "--retriever", retriever,
        "-k", "1");
    assertThat(search.exitCode()).as(search.err()).isZero();
    assertThat(search.err()).isEmpty();
    assertThat(search.out()).contains("coffee.txt").doesNotContain("lighthouse.txt");
  }

  @Test
  void searchIsHybridByDefault() {
    Run search = run("search", "how is espresso brewed?", "--store", store.toString(), "-k", "2");
    assertThat(search.exitCode()).as(search.err()).isZero();
    assertThat(search.out()).startsWith("1. ").contains("coffee.txt");
    Run hybrid = run("search", "how is espresso brewed?", "--store", store.toString(), "-k", "2", "--retriever",
        "hybrid");
    Run dense = run("search", "how is espresso brewed?", "--store", store.toString(), "-k", "2", "--retriever",
        "dense");
    assertThat(search.out()).isEqualTo(hybrid.out()).isNotEqualTo(dense.out());
  }

  @Test
  void aStoreWithoutKeywordIndexIsSearchedByMeaningAndSaysHowToFixIt(@TempDir Path old) throws Exception {
    Path oldStore = old.resolve("store");
    assertThat(run("ingest", writeCorpus(old.resolve("docs")).toString(), "--store", oldStore.toString()).exitCode())
        .isZero();
    deleteRecursively(oldStore.resolve("keywords")); // as a store made before keyword search

    Run search = run("search", "how is espresso brewed?", "--store", oldStore.toString(), "-k", "1");
    assertThat(search.exitCode()).as(search.err()).isZero();
    assertThat(search.out()).contains("coffee.txt");
    assertThat(search.err().lines()).singleElement().asString()
        .contains("the keyword index holds 0 of the store's 4 chunks").contains("quarry ingest <folder>");

    Run bm25 = run("search", "espresso", "--store", oldStore.toString(), "--retriever", "bm25");
    assertThat(bm25.exitCode()).isZero();
    assertThat(bm25.out()).isEqualTo("No chunk matches." + System.lineSeparator());
    assertThat(bm25.err()).contains("the keyword index holds 0 of the store's 4 chunks");

    // Ingesting another folder creates the keyword index, which then lacks the older chunks: both commands say so.
    Path more = Files.createDirectories(old.resolve("more"));
    Files.writeString(more.resolve("tea.txt"), "Green tea is steeped in water below boiling for two minutes.");
    Run ingest = run("ingest", more.toString(), "--store", oldStore.toString());
    assertThat(ingest.out()).contains("the keyword index holds 1 of the store's 5 chunks");
    Run lagging = run("search", "espresso", "--store", oldStore.toString(), "--retriever", "bm25");
    assertThat(lagging.exitCode()).isZero();
    assertThat(lagging.err()).contains("the keyword index holds 1 of the store's 5 chunks");
    assertThat(lagging.out()).isEqualTo("No chunk matches." + System.lineSeparator());
  }

  @Test
  void badArgumentsExitWithTwoAndNameTheProblem() {
    Run retriever = run("search", "espresso", "--store", store.toString(), "--retriever", "fuzzy");
    assertThat(retriever.exitCode()).isEqualTo(2);
    assertThat(retriever.err()).contains("unknown retriever 'fuzzy'; choose dense, bm25 or hybrid");

    Run top = run("search", "espresso", "--store", store.toString(), "-k", "0");
    assertThat(top.exitCode()).isEqualTo(2);
    assertThat(top.err()).isEqualTo("quarry search: --max-results must be at least 1, was 0" + System.lineSeparator());

    Run blank = run("search", "  ", "--store", store.toString());
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains("the search text is blank");
  }

  private static void deleteRecursively(Path folder) throws Exception {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
