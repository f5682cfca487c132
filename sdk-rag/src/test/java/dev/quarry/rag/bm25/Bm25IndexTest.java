package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Bm25IndexTest {
  private final Bm25Index index = Bm25Index.builder().build();

  @AfterEach
  void close() {
    index.close();
  }

  static Chunk chunk(String id, String text, Map<String, ?> metadata) {
    return new Chunk(id, "doc-" + id, text, Metadata.of(metadata), 3, 3 + text.length());
  }

  private List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }

  @Test
  void findsChunksByTheirWordsBestFirstAndGivesBackTheWholeChunk() {
    Chunk shield =
        chunk("a", "The heat shield protects the capsule during re-entry.",
            Map.of("lang", "en", "year", 2021, "weight", -0.0, "flown", true, "tags", List.of("space", 7L, 2.5)));
    Chunk engine = chunk("b", "The engine burns liquid oxygen and kerosene.", Map.of("lang", "en"));
    Chunk both = chunk("c", "A shield for the engine bay: the heat shield of the engine.", Map.of());
    index.upsert(List.of(shield, engine, both));

    List<SearchHit> hits = index.search("heat shield", 10);

    assertThat(ids(hits)).containsExactly("c", "a");
    assertThat(hits).isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
    assertThat(hits.get(1).chunk()).isEqualTo(shield);
    assertThat(hits.get(1).chunk().metadata().get("weight")).contains(-0.0);
    assertThat(index.count()).isEqualTo(3);
  }

  @Test
  void upsertReplacesAChunkWithTheSameId() {
    index.upsert(List.of(chunk("a", "old words about apples", Map.of()), chunk("b", "pears", Map.of())));
    index.upsert(List.of(chunk("a", "new words about cherries", Map.of("v", 2))));

    assertThat(index.count()).isEqualTo(2);
    assertThat(index.search("apples", 10)).isEmpty();
    assertThat(index.search("cherries", 10)).singleElement()
        .satisfies(hit -> assertThat(hit.chunk().metadata().getLong("v")).contains(2L));
  }

  @Test
  void deleteCountsWhatExistedAndIgnoresUnknownIds() {
    index.upsert(List.of(chunk("a", "one", Map.of()), chunk("b", "two", Map.of()), chunk("c", "three", Map.of())));

    assertThat(index.delete(List.of("a", "b", "b", "missing"))).isEqualTo(2);
    assertThat(index.delete(List.of("a"))).isZero();
    assertThat(index.delete(List.of())).isZero();
    assertThat(index.count()).isEqualTo(1);
    assertThat(index.search("one two three", 10)).extracting(SearchHit::id).containsExactly("c");
  }

  @Test
  void deleteWhereRemovesExactlyTheMatchingChunks() {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      chunks.add(chunk("c" + i, "common text " + i, Map.of("group", "g" + (i % 3), "rank", i)));
    }
    index.upsert(chunks);

    assertThat(index.deleteWhere(Filter.and(Filter.eq("group", "g1"), Filter.gte("rank", 10.5)))).isEqualTo(6);
    assertThat(index.deleteWhere(Filter.eq("group", "nobody"))).isZero();

    List<SearchHit> left = index.search("common", 100);
    assertThat(left).hasSize(24).noneMatch(h -> h.chunk().metadata().getString("group").orElseThrow().equals("g1")
        && h.chunk().metadata().getLong("rank").orElseThrow() > 10);
  }

  @Test
  void aBadBatchIsRejectedWholeAndChangesNothing() {
    index.upsert(List.of(chunk("a", "original apples", Map.of())));
    Chunk replacement = chunk("a", "replacement pears", Map.of());

    assertThatThrownBy(() -> index.upsert(List.of(replacement, chunk("a", "again", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> index.upsert(Arrays.asList(replacement, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1 is null");
    String huge = "x".repeat(MetadataFields.MAX_STRING_CHARS + 1);
    assertThatThrownBy(() -> index.upsert(List.of(replacement, chunk("b", "t", Map.of("note", List.of("ok", huge))))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata 'note'")
        .hasMessageContaining(String.valueOf(MetadataFields.MAX_STRING_CHARS));
    assertThatThrownBy(() -> index.upsert(List.of(replacement, chunk(huge, "t", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk id");
    assertThatThrownBy(() -> index.upsert(null)).isInstanceOf(IllegalArgumentException.class);

    assertThat(index.count()).isEqualTo(1);
    assertThat(ids(index.search("apples", 10))).containsExactly("a");
    assertThat(index.search("pears", 10)).isEmpty();
  }

  @Test
  void queryTextIsNeverParsedAsSyntax() {
    index.upsert(List.of(chunk("a", "title: the AND gate (logic) \"quoted\" -minus +plus", Map.of())));

    for (String text :
        List.of("title:logic", "\"unbalanced quote", "AND OR NOT", "(gate", "*", "a~2 ^3 \\", "minus-")) {
      assertThat(index.search(text, 5)).as(text).allSatisfy(h -> assertThat(h.id()).isEqualTo("a"));
    }
    assertThat(index.search("(gate)", 5)).hasSize(1);
  }

  @Test
  void aQueryOfOnlyStopWordsOrPunctuationFindsNothing() {
    index.upsert(List.of(chunk("a", "the and of it is", Map.of())));

    assertThat(index.search("the and of", 5)).isEmpty();
    assertThat(index.search("?!...", 5)).isEmpty();
  }

  @Test
  void badSearchArgumentsAreRejected() {
    assertThatThrownBy(() -> index.search(null, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> index.search("  ", 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> index.search("x", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults must be > 0");
    assertThatThrownBy(() -> index.delete(Arrays.asList("a", null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.deleteWhere(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFilterRestrictsHitsWithoutChangingTheirScores() {
    index.upsert(List.of(
        chunk("a", "solar panels on the roof", Map.of("lang", "en")),
        chunk("b", "solar solar panels", Map.of("lang", "de")),
        chunk("c", "wind turbines", Map.of("lang", "en"))));

    List<SearchHit> all = index.search("solar panels", 10);
    List<SearchHit> english = index.search("solar panels", 10, Filter.eq("lang", "en"));

    assertThat(ids(english)).containsExactly("a");
    assertThat(english.get(0).score())
        .isEqualTo(all.stream().filter(h -> h.id().equals("a")).findFirst().orElseThrow().score());
    assertThat(index.search("solar", 10, Filter.eq("lang", "fr"))).isEmpty();
  }

  @Test
  void k1AndBAreValidated() {
    assertThatThrownBy(() -> Bm25Index.builder().k1(-0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1 must be a finite number >= 0");
    assertThatThrownBy(() -> Bm25Index.builder().k1(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bm25Index.builder().k1(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bm25Index.builder().b(1.01)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b must be between 0 and 1");
    assertThatThrownBy(() -> Bm25Index.builder().b(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bm25Index.builder().analyzer(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(index.k1()).isEqualTo(Bm25Index.DEFAULT_K1);
    assertThat(index.b()).isEqualTo(Bm25Index.DEFAULT_B);
    assertThat(index.analyzer()).isEqualTo(Bm25Index.DEFAULT_ANALYZER);
  }

  @Test
  void bDecidesWhetherLongChunksArePenalised() {
    List<Chunk> chunks = List.of(
        chunk("short", "comet", Map.of()),
        chunk("long", "comet tail dust gas ice rock orbit sun light", Map.of()));
    try (Bm25Index flat = Bm25Index.builder().b(0).build()) {
      index.upsert(chunks);
      flat.upsert(chunks);

      List<SearchHit> normalised = index.search("comet", 2);
      List<SearchHit> unnormalised = flat.search("comet", 2);

      assertThat(ids(normalised)).containsExactly("short", "long");
      assertThat(normalised.get(0).score()).isGreaterThan(normalised.get(1).score());
      assertThat(unnormalised.get(0).score()).isEqualTo(unnormalised.get(1).score());
    }
  }

  @Test
  void repeatedQueryWordsWeighMore() {
    index.upsert(List.of(chunk("a", "alpha", Map.of()), chunk("b", "beta", Map.of())));

    List<SearchHit> hits = index.search("alpha beta beta", 2);

    assertThat(ids(hits)).containsExactly("b", "a");
    assertThat(hits.get(0).score()).isCloseTo(2 * hits.get(1).score(), offset(1e-5));
  }

  @Test
  void aVeryLongQueryStaysWithinLucenesClauseLimit() {
    index.upsert(List.of(chunk("a", "needle", Map.of())));
    StringBuilder text = new StringBuilder("needle");
    for (int i = 0; i < 3000; i++) {
      text.append(" w").append(Integer.toString(i, 36)).append("x");
    }

    assertThat(ids(index.search(text.toString(), 5))).containsExactly("a");
  }

  @Test
  void aClosedIndexRefusesEveryCall() {
    index.close();
    index.close();

    assertThatThrownBy(() -> index.search("x", 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> index.upsert(List.of(chunk("a", "x", Map.of()))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(index::count).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void searchesDuringWritesSeeEveryBatchWholeOrNotAtAll() throws Exception {
    int batches = 60;
    int batchSize = 10;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      Future<?> writer = pool.submit(() -> {
        try {
          for (int b = 0; b < batches; b++) {
            List<Chunk> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
              batch.add(chunk("b" + b + "-" + i, "shared word " + b, Map.of("batch", b)));
            }
            index.upsert(batch);
            assertThat(index.search("shared", batches * batchSize).size()).isEqualTo((b + 1) * batchSize);
          }
        } finally {
          writing.set(false);
        }
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int searches = 0;
          while (writing.get()) {
            int seen = index.search("shared", batches * batchSize).size();
            assertThat(seen % batchSize).as("hits seen mid-write").isZero();
            searches++;
          }
          return searches;
        }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(index.count()).isEqualTo(batches * batchSize);
    } finally {
      pool.shutdownNow();
    }
  }
}
