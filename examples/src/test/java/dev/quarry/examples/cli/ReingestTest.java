package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static dev.quarry.examples.cli.CliRunner.writeCorpus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quarry ingest} on a folder it has seen embeds only what changed, and says so. */
class ReingestTest {
  @Test
  void anUnchangedFolderEmbedsNothingAndAnEditedFileOnlyItself(@TempDir Path dir) throws Exception {
    Path docs = writeCorpus(dir.resolve("docs"));
    String store = dir.resolve("store").toString();
    Run first = run("ingest", docs.toString(), "--store", store);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("Ingested 4 files: 4 chunks embedded");

    Run again = run("ingest", docs.toString(), "--store", store);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("4 files, all unchanged since they were ingested: nothing to embed;"
        + " the store holds 4 chunks.");

    Files.writeString(docs.resolve("bread.txt"), "Rye bread is dense and keeps for a week.");
    Run edited = run("ingest", docs.toString(), "--store", store);
    assertThat(edited.exitCode()).as(edited.err()).isZero();
    assertThat(edited.out()).contains("Ingested 4 files: 1 chunks embedded")
        .contains("3 unchanged and not embedded").contains("the store holds 4 chunks");
  }
}
