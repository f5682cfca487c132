package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarryCliTest {

  @Test
  void everyCommandHasHelp() {
    Run ask = run("ask", "--help");
    assertThat(ask.exitCode()).isZero();
    assertThat(ask.out()).startsWith("Usage: quarry ask ").contains("QUARRY_OPENAI_BASE_URL")
        .contains("--max-context-tokens=<tokens>").contains("--retriever=dense|bm25|hybrid");
    for (String command : new String[] {"ingest", "search", "eval"}) {
      assertThat(run(command, "--help").out()).as(command).startsWith("Usage: quarry " + command + " ");
    }
  }

  @Test
  void helpListsTheCommands() {
    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).containsPattern("(?m)^  ingest ").containsPattern("(?m)^  search ")
        .containsPattern("(?m)^  ask ").containsPattern("(?m)^  eval ");
  }

  @Test
  void theHelpCommandListsTheCommandsAndShowsEachOnesHelp() {
    Run help = run("help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).containsPattern("(?m)^  ingest ").containsPattern("(?m)^  help ");
    Run ingest = run("help", "ingest");
    assertThat(ingest.exitCode()).isZero();
    assertThat(ingest.out()).startsWith("Usage: quarry ingest ");
  }

  @Test
  void aUsageErrorIsOneLinePlusAPointerToHelp() {
    for (String[] args : new String[][] {{"search"}, {"search", "x", "--frobnicate"}, {"frobnicate"},
        {"search", "x", "-k", "many"}}) {
      Run run = run(args);
      String name = args[0].equals("frobnicate") ? "quarry" : "quarry search";

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().lines().toList()).as(run.err()).hasSize(2)
          .satisfies(lines -> assertThat(lines.get(0)).startsWith(name + ": "))
          .satisfies(lines -> assertThat(lines.get(1)).isEqualTo("Try '" + name + " --help' for more information."));
    }
  }

  @Test
  void ingestThenSearchFindsTheRightFileAndReportsBadFiles(@TempDir Path dir) throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("rust.md"), "# Rust\n\nThe borrow checker enforces ownership rules at compile time.");
    Files.writeString(docs.resolve("coffee.txt"), "Espresso is brewed by forcing hot water through finely ground coffee.");
    Files.writeString(docs.resolve("empty.txt"), "");
    Files.write(docs.resolve("blob.txt"), new byte[] {0, 1, 2, 3, 0, 5});
    Path store = dir.resolve("store");

    Run ingest = run("ingest", docs.toString(), "--store", store.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isEqualTo(IngestCommand.SOME_FAILED);
    assertThat(ingest.out()).contains("Ingested 2 files: 2 chunks embedded").contains("2 files could not be ingested")
        .contains("empty.txt").contains("blob.txt");
    assertThat(ingest.err()).contains("quarry ingest: 2 of 4 files in " + docs + " could not be ingested");

    Run search = run("search", "how is espresso made?", "--store", store.toString(), "-k", "1");
    assertThat(search.exitCode()).isZero();
    assertThat(search.out()).contains("coffee.txt").doesNotContain("rust.md");

    // Ingesting again replaces chunks rather than duplicating them.
    run("ingest", docs.toString(), "--store", store.toString());
    Run again = run("search", "ownership", "--store", store.toString(), "-k", "5");
    assertThat(again.out().lines().filter(l -> l.matches("^\\d+\\. .*")).count()).isEqualTo(2);
  }

  @Test
  void searchWithoutAStoreSaysWhatToDo(@TempDir Path dir) {
    Run search = run("search", "anything", "--store", dir.resolve("none").toString());
    assertThat(search.exitCode()).isEqualTo(2);
    assertThat(search.err()).contains("run 'quarry ingest <folder>' first");
  }

  @Test
  void aMissingFolderGetsAOneLineErrorNotAStackTrace(@TempDir Path dir) {
    Run ingest = run("ingest", dir.resolve("nope").toString(), "--store", dir.resolve("s").toString());
    assertThat(ingest.exitCode()).isEqualTo(2);
    assertThat(ingest.err()).startsWith("quarry ingest: ").contains("nope").doesNotContain("\tat ");
    assertThat(dir.resolve("s")).as("no store made for a folder that is not there").doesNotExist();
  }

  @Test
  void aChunkSizeTheModelCannotReadIsRefusedBeforeAnythingIsStored(@TempDir Path dir) throws Exception {
    Path docs = CliRunner.writeCorpus(dir.resolve("docs"));
    Path store = dir.resolve("s");

    Run ingest = run("ingest", docs.toString(), "--store", store.toString(), "--chunk-size", "1000");

    assertThat(ingest.exitCode()).isEqualTo(2);
    assertThat(ingest.err().lines()).singleElement().asString().startsWith("quarry ingest: a chunk size of 1000"
        + " tokens is more than the ").contains("the embedding model reads");
    assertThat(store.resolve("index")).doesNotExist();
  }

  @Test
  void unknownModelIsRefusedWithTheChoices(@TempDir Path dir) {
    Run ingest = run("ingest", dir.toString(), "--model", "gpt");
    assertThat(ingest.exitCode()).isEqualTo(2);
    assertThat(ingest.err()).contains("choose minilm or bge-small");
  }
}
