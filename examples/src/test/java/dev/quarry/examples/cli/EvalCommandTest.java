package dev.quarry.examples.cli;

import static dev.quarry.examples.cli.CliRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.examples.cli.CliRunner.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvalCommandTest {
  @TempDir static Path beir;

  /** Five documents, two queries, one relevant document each: a BEIR folder in miniature. */
  @BeforeAll
  static void writeCollection() throws Exception {
    Files.writeString(beir.resolve("corpus.jsonl"), """
        {"_id": "d1", "title": "Espresso", "text": "Espresso is brewed by forcing hot water through ground coffee."}
        {"_id": "d2", "title": "Lighthouses", "text": "A lighthouse flashes its light at intervals to warn ships."}
        {"_id": "d3", "title": "Sourdough", "text": "Sourdough bread rises with a starter of wild yeast."}
        {"_id": "d4", "title": "Rust", "text": "The borrow checker enforces ownership rules at compile time."}
        {"_id": "d5", "title": "Glaciers", "text": "Glaciers carve valleys as the ice slowly flows downhill."}
        """);
    Files.writeString(beir.resolve("queries.jsonl"), """
        {"_id": "q1", "text": "how is espresso coffee made"}
        {"_id": "q2", "text": "why do lighthouses flash their light"}
        {"_id": "q3", "text": "an unjudged query"}
        """);
    Files.createDirectories(beir.resolve("qrels"));
    Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
    Files.writeString(beir.resolve("qrels/dev.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bm25", "dense", "hybrid"})
  void printsTheSettingsAndTheTableWithEachQueryAnsweredFirst(String retriever) {
    Run eval = run("eval", "--data", beir.toString(), "--retriever", retriever, "--depth", "20");

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    String[] lines = eval.out().split("\\R");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).contains("split test: 2 judged queries; 5 documents as 5 chunks (200 tokens, 25 overlap)")
        .contains(retriever.equals("bm25") ? "indexed for keyword search in" : "embedded and indexed in");
    assertThat(lines[0].contains("nothing embedded")).isEqualTo(retriever.equals("bm25"));
    assertThat(lines[1]).startsWith("retriever " + retriever).contains("model bge-small, k=10, depth=20");
    assertThat(lines[2].trim().split("\\s+")).startsWith("queries", "nDCG@10", "recall@10", "recall@20", "MRR");
    assertThat(lines[3].trim().split("\\s+")).startsWith("2", "1.0000", "1.0000", "1.0000", "1.0000");
  }

  @Test
  void anotherSplitAndCutOffAreHonoured() {
    Run eval = run("eval", "--data", beir.toString(), "--retriever", "bm25", "--split", "dev", "-k", "3",
        "--depth", "3");

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("split dev: 1 judged queries").contains("k=3, depth=3").contains("nDCG@3");
  }

  @Test
  void badArgumentsExitWithTwoAndNameTheProblem(@TempDir Path elsewhere) {
    Run missing = run("eval", "--data", elsewhere.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("quarry eval: no folder ").contains("nope");

    Run notBeir = run("eval", "--data", elsewhere.toString());
    assertThat(notBeir.exitCode()).isEqualTo(2);
    assertThat(notBeir.err()).contains("is not a BEIR folder: it has no corpus.jsonl");

    Run split = run("eval", "--data", beir.toString(), "--split", "train");
    assertThat(split.exitCode()).isEqualTo(2);
    assertThat(split.err()).contains("unknown split 'train'").contains("has qrels for dev, test");

    Run retriever = run("eval", "--data", beir.toString(), "--retriever", "sparse");
    assertThat(retriever.exitCode()).isEqualTo(2);
    assertThat(retriever.err()).contains("unknown retriever 'sparse'; choose dense, bm25 or hybrid");

    Run depth = run("eval", "--data", beir.toString(), "-k", "10", "--depth", "5");
    assertThat(depth.exitCode()).isEqualTo(2);
    assertThat(depth.err()).contains("--depth (5) must be at least -k (10)");

    Run noData = run("eval");
    assertThat(noData.exitCode()).isEqualTo(2);
    assertThat(noData.err()).contains("Missing required option: '--data=<folder>'");
  }
}
