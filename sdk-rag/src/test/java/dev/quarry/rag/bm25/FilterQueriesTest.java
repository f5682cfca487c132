package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.testkit.RandomFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Filters in the index select exactly the chunks {@link Filter#matches} selects: seeded random metadata and random
 * filter trees from the testkit's {@link RandomFilters} (numbers of both types near 2^53 and 2^63, -0.0,
 * infinities, strings whose UTF-16 order differs from their code point order, lists, missing keys); the same
 * check runs on every store in {@code VectorStoreContract}. The cases below pin the subtle ones by name.
 */
class FilterQueriesTest {
  /** Seeded; another seed with -Dquarry.test.seed=N. */
  private final RandomFilters random = new RandomFilters();
  private final Bm25Index index = Bm25Index.builder().build();

  @AfterEach
  void close() {
    index.close();
  }

  @Test
  void randomFiltersSelectExactlyWhatFilterMatchesSelects() {
    List<Chunk> chunks = randomChunks(300);
    index.upsert(chunks);
    int nonTrivial = 0;
    for (int i = 0; i < 3000; i++) {
      Filter filter = random.filter();
      Set<String> expected = matching(chunks, filter);
      Set<String> found = ids(index.search("common", chunks.size(), filter));
      assertThat(found).as(() -> "filter " + filter + differences(chunks, expected, found)).isEqualTo(expected);
      if (!expected.isEmpty() && expected.size() < chunks.size()) {
        nonTrivial++;
      }
    }
    assertThat(nonTrivial).as("filters that select some but not all chunks").isGreaterThan(1000);
  }

  @Test
  void deleteWhereRemovesExactlyWhatFilterMatchesSelects() {
    List<Chunk> left = new ArrayList<>(randomChunks(300));
    index.upsert(left);
    for (int i = 0; i < 40 && !left.isEmpty(); i++) {
      Filter filter = random.filter();
      Set<String> expected = matching(left, filter);

      assertThat(index.deleteWhere(filter)).as("filter %s", filter).isEqualTo(expected.size());

      left.removeIf(c -> expected.contains(c.id()));
      assertThat(ids(index.search("common", 300))).isEqualTo(left.stream().map(Chunk::id).collect(Collectors.toSet()));
    }
  }

  @Test
  void numbersCompareByValueWhateverTheirType() {
    index.upsert(List.of(
        chunk("three", Map.of("n", 3L)),
        chunk("threePointZero", Map.of("n", 3.0)),
        chunk("negativeZero", Map.of("n", -0.0)),
        chunk("twoTo53PlusOne", Map.of("n", (1L << 53) + 1)),
        chunk("text", Map.of("n", "3"))));

    assertThat(ids(search(Filter.eq("n", 3)))).containsExactlyInAnyOrder("three", "threePointZero");
    assertThat(ids(search(Filter.eq("n", 0.0)))).containsExactly("negativeZero");
    assertThat(ids(search(Filter.gt("n", 0)))).doesNotContain("negativeZero", "text");
    // (double) (2^53 + 1) rounds to 2^53, so it equals the double 2^53 but not the long 2^53.
    assertThat(ids(search(Filter.eq("n", 0x1p53)))).containsExactly("twoTo53PlusOne");
    assertThat(ids(search(Filter.eq("n", 1L << 53)))).isEmpty();
  }

  @Test
  void stringsOrderAsStringCompareToOrdersThem() {
    index.upsert(List.of(chunk("privateUse", Map.of("s", "\uE000")), chunk("emoji", Map.of("s", "\uD83D\uDE00"))));

    // In UTF-16 the emoji's high surrogate (D83D) comes before E000; by code point it would come after.
    assertThat(ids(search(Filter.lt("s", "\uE000")))).containsExactly("emoji");
    assertThat(ids(search(Filter.gt("s", "\uD83D\uDE00")))).containsExactly("privateUse");
  }

  @Test
  void aMissingKeyMatchesOnlyNegations() {
    index.upsert(List.of(chunk("with", Map.of("k", "v")), chunk("without", Map.of()), chunk("empty", Map.of(
        "k", List.of()))));

    assertThat(ids(search(Filter.eq("k", "v")))).containsExactly("with");
    assertThat(ids(search(Filter.not(Filter.eq("k", "v"))))).containsExactlyInAnyOrder("without", "empty");
    assertThat(ids(search(Filter.not(Filter.gte("k", ""))))).containsExactlyInAnyOrder("without", "empty");
  }

  private List<SearchHit> search(Filter filter) {
    return index.search("common", 100, filter);
  }

  private static Chunk chunk(String id, Map<String, ?> metadata) {
    return new Chunk(id, "d", "common words", Metadata.of(metadata), 0, 12);
  }

  /** The chunks one side has and the other lacks, with their metadata, for a failure message. */
  private static String differences(List<Chunk> chunks, Set<String> expected, Set<String> found) {
    StringBuilder out = new StringBuilder();
    for (Chunk c : chunks) {
      if (expected.contains(c.id()) != found.contains(c.id())) {
        out.append("\n  ").append(expected.contains(c.id()) ? "missing " : "extra ").append(c.id()).append(' ')
            .append(c.metadata());
      }
    }
    return out.toString();
  }

  private static Set<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).collect(Collectors.toSet());
  }

  private static Set<String> matching(List<Chunk> chunks, Filter filter) {
    return chunks.stream().filter(c -> filter.matches(c.metadata())).map(Chunk::id).collect(Collectors.toSet());
  }

  private List<Chunk> randomChunks(int n) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chunks.add(new Chunk("c" + i, "doc" + i, "common text " + i, Metadata.of(random.metadata()), 0, 10));
    }
    return chunks;
  }
}
