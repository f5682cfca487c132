package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Filters in the index select exactly the chunks {@link Filter#matches} selects: seeded random metadata and random
 * filter trees, with values chosen where translations tend to go wrong (numbers of both types near 2^53 and 2^63,
 * -0.0, infinities, strings whose UTF-16 order differs from their code point order, lists, missing keys).
 */
class FilterQueriesTest {
  private static final List<String> KEYS = List.of("s", "n", "x", "tags", "flag", "absent");
  private static final List<String> STRINGS = List.of(
      "", "a", "ab", "b", "B", "a b", "é", "zz", "\uE000", "\uD83D\uDE00", "\uFFFD", "\uD800");
  private static final List<Long> LONGS = List.of(
      0L, 1L, -1L, 3L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1, 1L << 62, (1L << 62) + 1,
      Long.MAX_VALUE - 1);
  private static final List<Double> DOUBLES = List.of(
      0.0, -0.0, 3.0, 2.5, -1.0, 42.0000001, 0x1p53, 0x1p62, 0x1p63, -0x1p63, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300);

  /** Seeded; another seed with -Dquarry.test.seed=N. */
  private final Random random = new Random(Long.getLong("quarry.test.seed", 20261121L));
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
      Filter filter = randomFilter(0);
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
      Filter filter = randomFilter(1);
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
      Map<String, Object> metadata = new HashMap<>();
      if (random.nextInt(5) > 0) {
        metadata.put("s", pick(STRINGS));
      }
      if (random.nextInt(5) > 0) {
        metadata.put("n", random.nextBoolean() ? pick(LONGS) : pick(DOUBLES));
      }
      if (random.nextInt(4) > 0) {
        metadata.put("x", scalar());
      }
      if (random.nextInt(3) > 0) {
        List<Object> tags = new ArrayList<>();
        for (int t = random.nextInt(4); t > 0; t--) {
          tags.add(scalar());
        }
        metadata.put("tags", tags);
      }
      if (random.nextBoolean()) {
        metadata.put("flag", random.nextBoolean());
      }
      chunks.add(new Chunk("c" + i, "doc" + i, "common text " + i, Metadata.of(metadata), 0, 10));
    }
    return chunks;
  }

  private Filter randomFilter(int depth) {
    int choice = depth >= 3 ? random.nextInt(3) : random.nextInt(6);
    String key = pick(KEYS);
    return switch (choice) {
      case 0 -> Filter.eq(key, scalar());
      case 1 -> {
        List<Object> values = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          values.add(scalar());
        }
        yield Filter.in(key, values);
      }
      case 2 -> randomRange(key);
      case 3 -> Filter.and(children(depth));
      case 4 -> Filter.or(children(depth));
      default -> Filter.not(randomFilter(depth + 1));
    };
  }

  private Filter[] children(int depth) {
    Filter[] children = new Filter[1 + random.nextInt(3)];
    for (int i = 0; i < children.length; i++) {
      children[i] = randomFilter(depth + 1);
    }
    return children;
  }

  private Filter randomRange(String key) {
    boolean strings = random.nextInt(3) == 0;
    Object a = strings ? pick(STRINGS) : number();
    Object b = strings ? pick(STRINGS) : number();
    Optional<Filter.Bound> lower = Optional.of(new Filter.Bound(a, random.nextBoolean()));
    Optional<Filter.Bound> upper = Optional.of(new Filter.Bound(b, random.nextBoolean()));
    switch (random.nextInt(3)) {
      case 0 -> lower = Optional.empty();
      case 1 -> upper = Optional.empty();
      default -> { }
    }
    try {
      return new Filter.Range(key, lower, upper);
    } catch (IllegalArgumentException lowerAboveUpper) {
      return new Filter.Range(key, upper.map(u -> new Filter.Bound(u.value(), u.inclusive())),
          lower.map(l -> new Filter.Bound(l.value(), l.inclusive())));
    }
  }

  private Object scalar() {
    return switch (random.nextInt(4)) {
      case 0 -> pick(STRINGS);
      case 1 -> pick(LONGS);
      case 2 -> pick(DOUBLES);
      default -> random.nextBoolean();
    };
  }

  private Object number() {
    return random.nextBoolean() ? pick(LONGS) : pick(DOUBLES);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
