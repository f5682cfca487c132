package dev.quarry.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalEvaluatorTest {
  /** Test double: answers each query text with a fixed list of chunk ids ("doc#n"), and records the queries. */
  private static final class FakeRetriever implements Retriever {
    final Map<String, List<String>> answers;
    final List<Query> seen = new ArrayList<>();

    FakeRetriever(Map<String, List<String>> answers) {
      this.answers = answers;
    }

    @Override
    public List<SearchHit> retrieve(Query query) {
      seen.add(query);
      List<SearchHit> hits = new ArrayList<>();
      double score = 1;
      for (String id : answers.getOrDefault(query.text(), List.of())) {
        String doc = id.substring(0, id.indexOf('#'));
        hits.add(new SearchHit(new Chunk(id, doc, "text of " + id, Metadata.empty(), 0, 1), score));
        score /= 2;
      }
      return hits.subList(0, Math.min(hits.size(), query.maxResults()));
    }
  }

  @Test
  void aDocumentCountsOnceAtItsBestChunkAndMeansAreOverJudgedQueries() {
    FakeRetriever retriever = new FakeRetriever(Map.of(
        "first question", List.of("a#0", "a#1", "b#0", "c#0"),   // documents a, b, c
        "second question", List.of("x#0", "y#0")));
    Qrels qrels = Qrels.of(Map.of("q1", Map.of("b", 1), "q2", Map.of("z", 1)));
    RetrievalReport report = RetrievalEvaluator.builder(retriever).k(2).depth(10).warmUp(0).build()
        .evaluate(Map.of("q1", "first question", "q2", "second question", "q3", "not judged"), qrels);

    assertThat(report.queries()).extracting(RetrievalReport.QueryResult::queryId).containsExactlyInAnyOrder("q1", "q2");
    // q1: b is the second document (a's second chunk does not push it down): RR 1/2, recall@2 1, nDCG 1/log2(3).
    RetrievalReport.QueryResult q1 = report.queries().stream().filter(r -> r.queryId().equals("q1")).findFirst()
        .orElseThrow();
    assertThat(q1.reciprocalRank()).isEqualTo(0.5);
    assertThat(q1.recall()).isEqualTo(1.0);
    assertThat(q1.ndcg()).isCloseTo(Math.log(2) / Math.log(3), within(1e-12));
    // q2 finds nothing relevant, so the means are halves of q1's.
    assertThat(report.mrr()).isCloseTo(0.25, within(1e-12));
    assertThat(report.recall()).isCloseTo(0.5, within(1e-12));
    assertThat(report.ndcg()).isCloseTo(q1.ndcg() / 2, within(1e-12));
    assertThat(retriever.seen).allSatisfy(q -> assertThat(q.maxResults()).isEqualTo(10));
    assertThat(report.p99()).isGreaterThanOrEqualTo(report.p50());
    assertThat(report.table()).contains("nDCG@2", "recall@10");
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    Retriever none = q -> List.of();
    assertThatThrownBy(() -> RetrievalEvaluator.builder(none).k(20).depth(10).build())
        .hasMessageContaining("depth (10) must be at least k (20)");
    assertThatThrownBy(() -> RetrievalEvaluator.builder(none).build()
        .evaluate(Map.of("other", "text"), Qrels.of(Map.of("q1", Map.of("d", 1)))))
        .hasMessageContaining("none of the 1 judged queries has a text");
    assertThatThrownBy(() -> Qrels.of(Map.of("q1", Map.of("d", -1)))).hasMessageContaining("grades must be 0 or more");
  }

  @Test
  void readsABeirFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("corpus.jsonl"), """
        {"_id": "d1", "title": "Aspirin", "text": "Aspirin thins the blood."}
        {"_id": "d2", "title": "", "text": "No title here."}
        """);
    Files.writeString(dir.resolve("queries.jsonl"), """
        {"_id": "q1", "text": "what thins blood"}
        """);
    Files.createDirectory(dir.resolve("qrels"));
    Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
    BeirDataset set = BeirDataset.open(dir);
    assertThat(set.corpus()).extracting(d -> d.text())
        .containsExactly("Aspirin\n\nAspirin thins the blood.", "No title here.");
    assertThat(set.corpus().get(0).metadata().get(BeirDataset.TITLE)).contains("Aspirin");
    assertThat(set.queries()).containsEntry("q1", "what thins blood");
    assertThat(set.qrels("test").grades("q1")).containsEntry("d1", 1);
    assertThatThrownBy(() -> set.qrels("dev")).hasMessageContaining("no qrels for split 'dev'");

    Files.writeString(dir.resolve("qrels/bad.tsv"), "q1\td1\n");
    assertThatThrownBy(() -> set.qrels("bad")).hasMessageContaining("line 1: expected 3 tab-separated fields");
    assertThatThrownBy(() -> BeirDataset.open(dir.resolve("qrels"))).hasMessageContaining("no corpus.jsonl");
  }

  @Test
  void readsGzippedJsonLinesAndNamesABrokenFile(@TempDir Path dir) throws IOException {
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("corpus.jsonl.gz")))) {
      out.write("""
          {"_id": "d1", "title": "", "text": "直流电动机的转速"}
          """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"转速\"}\n");
    Files.createDirectory(dir.resolve("qrels"));

    BeirDataset set = BeirDataset.open(dir);

    assertThat(set.corpus()).extracting(d -> d.text()).containsExactly("直流电动机的转速");
    assertThat(set.queries()).containsEntry("q1", "转速");
    Files.write(dir.resolve("corpus.jsonl.gz"), new byte[] {31, -117, 8, 0, 1, 2}); // a torn gzip header
    assertThatThrownBy(set::corpus).hasMessageContaining("corpus.jsonl.gz");
    Files.delete(dir.resolve("corpus.jsonl.gz"));
    assertThatThrownBy(() -> BeirDataset.open(dir)).hasMessageContaining("no corpus.jsonl (nor corpus.jsonl.gz)");
  }
}
