package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static dev.quarry.examples.cli.CliRunner.writeCorpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.examples.cli.CliRunner.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --store} with a server URL: ingest, search and ask through the real Chroma and pgvector servers CI starts
 * ({@code .ci/start-chroma}, {@code .ci/start-pgvector}; skipped without them unless required), the keyword index
 * in the {@code --keywords} folder; and the URLs the CLI refuses.
 */
class ServerStoreCommandsTest {

  @Test
  void ingestSearchAndAskRunOnChroma(@TempDir Path dir) throws Exception {
    String url = server("QUARRY_TEST_CHROMA_URL", "QUARRY_REQUIRE_CHROMA").replace("http://", "chroma://")
        + "/cli-" + System.nanoTime();
    roundTrip(dir, url);
  }

  @Test
  void ingestSearchAndAskRunOnPgvector(@TempDir Path dir) throws Exception {
    String jdbc = server("QUARRY_TEST_PGVECTOR_URL", "QUARRY_REQUIRE_PGVECTOR");
    String url = jdbc.replace("?user=postgres&", "?").replace("postgresql://", "postgresql://postgres@")
        + "&pool=1&table=cli_" + System.nanoTime();
    roundTrip(dir, url);
  }

  private static void roundTrip(Path dir, String url) throws Exception {
    Path keywords = dir.resolve("keywords");
    Run missing = run("search", "espresso", "--store", url, "--keywords", keywords.toString());
    assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err()).containsAnyOf("no collection", "does not exist");

    Run ingest = run("ingest", writeCorpus(dir.resolve("docs")).toString(), "--store", url, "--keywords",
        keywords.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("the store holds 4 chunks").contains("keyword index in");
    assertThat(Files.isDirectory(keywords)).isTrue();

    for (String retriever : new String[] {"dense", "bm25", "hybrid"}) {
      Run search = run("search", "how is espresso brewed?", "--store", url, "--keywords", keywords.toString(),
          "-k", "1", "--retriever", retriever);
      assertThat(search.exitCode()).as(search.err()).isZero();
      assertThat(search.out()).as(retriever).contains("coffee.txt");
    }
    Run ask = run("ask", "What makes sourdough bread rise?", "--store", url, "--keywords", keywords.toString());
    assertThat(ask.exitCode()).as(ask.err()).isZero();
    assertThat(ask.out()).contains("bread.txt");
    Run again = run("ingest", dir.resolve("docs").toString(), "--store", url, "--keywords", keywords.toString());
    assertThat(again.out()).contains("all unchanged");
  }

  @Test
  void urlsAreCheckedBeforeAnythingIsTouched(@TempDir Path dir) {
    assertThat(StoreLocation.parse("some/folder")).isEqualTo(new StoreLocation.Folder(Path.of("some/folder")));
    assertThat(StoreLocation.parse("qdrant://db.internal/docs"))
        .isEqualTo(new StoreLocation.Server(java.net.URI.create("qdrant://db.internal/docs"),
            Path.of(".quarry", "servers", "qdrant-db.internal-6334-docs")));
    assertThat(StoreLocation.parse("jdbc:postgresql://me@h/app?table=t")).isInstanceOf(StoreLocation.Server.class);
    assertThatThrownBy(() -> StoreLocation.parse("mongodb://h/x")).hasMessageContaining("unknown server");
    assertThatThrownBy(() -> StoreLocation.parse("chroma://h")).hasMessageContaining("needs a host and a collection");
    assertThatThrownBy(() -> StoreLocation.parse("postgresql://me:secret@h/app"))
        .hasMessageContaining("no password in the URL").hasMessageNotContaining("secret");
    Run badPool = run("search", "x", "--store", "postgresql://me@127.0.0.1:1/app?pool=zero", "--keywords",
        dir.resolve("k").toString());
    assertThat(badPool.exitCode()).isEqualTo(2);
    assertThat(badPool.err()).contains("pool must be a positive whole number, was 'zero'");
    Run keywordsOnFolder = run("search", "x", "--store", dir.toString(), "--keywords", dir.toString());
    assertThat(keywordsOnFolder.exitCode()).isEqualTo(2);
    assertThat(keywordsOnFolder.err()).contains("--keywords is for a server --store");
  }

  private static String server(String variable, String required) {
    Optional<String> url = Optional.ofNullable(System.getenv(variable)).filter(u -> !u.isBlank());
    if (url.isEmpty() && Boolean.parseBoolean(System.getenv(required))) {
      throw new IllegalStateException(required + " is true but " + variable + " is not set");
    }
    Assumptions.assumeTrue(url.isPresent(), variable + " is not set: no server to test against");
    return url.get();
  }
}
