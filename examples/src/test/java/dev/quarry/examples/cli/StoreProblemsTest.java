package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static dev.quarry.examples.cli.CliRunner.writeCorpus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store the commands cannot use (in use by another process, a manifest naming an unknown model) gets one line
 * and exit status 2, never a stack trace; ingest's exit status says whether files failed.
 */
class StoreProblemsTest {
  private static final int DIMENSION = 384;
  private static final String ALLOWED = "allowed: ALL_MINILM_L6_V2, BGE_SMALL_EN_V15";

  @TempDir static Path dir;
  static Path store;
  static Path docs;

  @BeforeAll
  static void ingest() throws Exception {
    store = dir.resolve("store");
    docs = writeCorpus(dir.resolve("docs"));
    Run ingest = run("ingest", docs.toString(), "--store", store.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  /** The command line of each store command against {@code folder}. */
  private static String[] command(String name, Path folder) {
    return switch (name) {
      case "ingest" -> new String[] {"ingest", docs.toString(), "--store", folder.toString()};
      case "search" -> new String[] {"search", "espresso", "--store", folder.toString()};
      case "ask" -> new String[] {"ask", "How is espresso brewed?", "--store", folder.toString()};
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static void assertOneLineError(Run run, String command) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines()).as(run.err()).singleElement().asString().startsWith("quarry " + command + ": ");
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "search", "ask"})
  void aStoreInUseGetsOneLineNamingItAndExitTwo(String command) {
    try (EmbeddedVectorStore holder = EmbeddedVectorStore.builder(DIMENSION).folder(store.resolve("index")).build()) {
      Run run = run(command(command, store));

      assertOneLineError(run, command);
      assertThat(run.err()).contains("the Quarry folder " + store.toAbsolutePath() + " is in use by another process")
          .contains("index/ is locked").contains("another --store");
      assertThat(holder.count()).isPositive();
    }
    assertThat(run(command("search", store)).exitCode()).as("usable again once released").isZero();
  }

  @Test
  void aKeywordIndexInUseIsReportedTheSameWay() {
    try (Bm25Index holder = Bm25Index.builder().folder(store.resolve("keywords")).build()) {
      Run run = run(command("search", store));

      assertOneLineError(run, "search");
      assertThat(run.err()).contains("is in use by another process").contains("keywords/ is locked");
    }
    // The vector store opened before the keyword index failed was closed again.
    assertThat(run(command("search", store)).exitCode()).isZero();
  }

  @Test
  void aStoreHeldByAnotherProcessGetsOneLineAndExitTwo() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), store.toString(), String.valueOf(DIMENSION))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("READY");

      Run search = run(command("search", store));

      assertOneLineError(search, "search");
      assertThat(search.err()).contains("the Quarry folder " + store.toAbsolutePath() + " is in use by another"
          + " process");
    } finally {
      holder.getOutputStream().close(); // lets it close the store and exit
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "search", "ask"})
  void anUnknownModelInTheManifestNamesTheValueTheFileAndTheChoices(String command) throws Exception {
    Path bad = manifestStore("model=GPT5\n");

    Run run = run(command(command, bad));

    assertOneLineError(run, command);
    assertThat(run.err()).contains(bad.resolve("quarry.properties").toAbsolutePath().toString()).contains("'GPT5'")
        .contains(ALLOWED).doesNotContain("No enum constant");
  }

  @Test
  void otherBadManifestsAreNamedToo() throws Exception {
    Run blank = run(command("search", manifestStore("model=\n")));
    assertOneLineError(blank, "search");
    assertThat(blank.err()).contains("'model' entry is blank");

    Path malformed = manifestStore("model=\\uZZZZ\n");
    Run unreadable = run(command("search", malformed));
    assertOneLineError(unreadable, "search");
    assertThat(unreadable.err()).contains(malformed.resolve("quarry.properties").toString())
        .contains("not a properties file");
  }

  @Test
  void anotherModelThanTheOneThatFilledTheStoreIsRefused() throws Exception {
    Path other = manifestStore("model=BGE_SMALL_EN_V15\n");
    Run ingest = run("ingest", docs.toString(), "--store", other.toString(), "--model", "minilm");

    assertOneLineError(ingest, "ingest");
    assertThat(ingest.err()).contains("was filled by the embedding model BGE_SMALL_EN_V15, not ALL_MINILM_L6_V2");
  }

  @Test
  void ingestExitsOneWhenNoFileCouldBeIngested() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("all-bad"));
    Files.writeString(bad.resolve("empty.txt"), "");
    Files.write(bad.resolve("blob.txt"), new byte[] {0, 1, 2, 3, 0, 5});
    Files.writeString(bad.resolve("blank.md"), "   \n\n");

    Run ingest = run("ingest", bad.toString(), "--store", dir.resolve("all-bad-store").toString());

    assertThat(ingest.exitCode()).as(ingest.err()).isEqualTo(IngestCommand.NOTHING_INGESTED);
    assertThat(ingest.out()).contains("3 files could not be ingested").contains("empty.txt").contains("blob.txt");
    assertThat(ingest.err().lines().filter(l -> l.startsWith("quarry ingest: "))).singleElement().asString()
        .isEqualTo("quarry ingest: nothing ingested: none of the 3 files in " + bad + " could be ingested (1 binary,"
            + " 2 empty)");
  }

  @Test
  void ingestExitsThreeWhenSomeFilesFailed() throws Exception {
    Path mixed = writeCorpus(dir.resolve("mixed"));
    Files.write(mixed.resolve("blob.txt"), new byte[] {0, 1, 2, 3, 0, 5});

    Run ingest = run("ingest", mixed.toString(), "--store", dir.resolve("mixed-store").toString());

    assertThat(ingest.exitCode()).as(ingest.err()).isEqualTo(IngestCommand.SOME_FAILED);
    assertThat(ingest.out()).contains("Ingested 4 files").contains("1 files could not be ingested");
    assertThat(ingest.err()).contains("quarry ingest: 1 of 5 files in " + mixed + " could not be ingested (1 binary);"
        + " the other 4 were");
  }

  @Test
  void ingestExitsZeroWhenEveryFileWasIngestedOrThereWereNone() throws Exception {
    Run all = run("ingest", docs.toString(), "--store", dir.resolve("clean-store").toString());
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.err()).doesNotContain("quarry ingest:");

    Run none = run("ingest", Files.createDirectories(dir.resolve("no-files")).toString(), "--store",
        dir.resolve("none-store").toString());
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.out()).contains("Ingested 0 files");
  }

  @Test
  void helpStatesIngestsExitStatuses() {
    assertThat(run("ingest", "--help").out().replaceAll("\\s+", " ")).contains("Exit status: 0 every file ingested")
        .contains("1 no file could be ingested").contains("3 some files could not be ingested");
  }

  /** A store folder whose manifest holds {@code properties}. */
  private static Path manifestStore(String properties) throws Exception {
    Path folder = Files.createTempDirectory(dir, "manifest");
    Files.createDirectories(folder.resolve("index"));
    Files.writeString(folder.resolve("quarry.properties"), properties);
    return folder;
  }
}
