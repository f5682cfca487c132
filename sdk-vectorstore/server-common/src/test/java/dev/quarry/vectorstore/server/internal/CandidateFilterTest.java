package dev.quarry.vectorstore.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.testkit.RandomFilters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The narrowing every adapter relies on, without a server: clauses are evaluated here, in a language whose clauses
 * are predicates over the tokens and bounds a record carries. For thousands of random filters the candidates hold
 * every record the filter matches, and exactly those when {@link CandidateFilter#isExact} says so.
 */
class CandidateFilterTest {
  /** A record as a server sees it: its tokens and numeric bounds. */
  private record Carried(Set<String> tokens, Map<String, FilterTokens.Bounds> bounds) {
    static Carried of(Metadata metadata) {
      return new Carried(Set.copyOf(FilterTokens.of(metadata.asMap())), FilterTokens.bounds(metadata.asMap()));
    }
  }

  /** The clause language, evaluated in memory. */
  private static final CandidateFilter.Language<Predicate<Carried>> IN_MEMORY = new CandidateFilter.Language<>() {
    @Override
    public Predicate<Carried> anyToken(List<String> tokens) {
      return r -> tokens.stream().anyMatch(r.tokens()::contains);
    }

    @Override
    public Predicate<Carried> noToken(List<String> tokens) {
      return r -> tokens.stream().noneMatch(r.tokens()::contains);
    }

    @Override
    public Predicate<Carried> maxAtLeast(String key, double value) {
      return r -> r.bounds().containsKey(key) && r.bounds().get(key).max() >= value;
    }

    @Override
    public Predicate<Carried> minAtMost(String key, double value) {
      return r -> r.bounds().containsKey(key) && r.bounds().get(key).min() <= value;
    }

    @Override
    public Predicate<Carried> and(List<Predicate<Carried>> clauses) {
      assertThat(clauses).hasSizeGreaterThan(1);
      return r -> clauses.stream().allMatch(c -> c.test(r));
    }

    @Override
    public Predicate<Carried> or(List<Predicate<Carried>> clauses) {
      assertThat(clauses).hasSizeGreaterThan(1);
      return r -> clauses.stream().anyMatch(c -> c.test(r));
    }
  };

  @Test
  void candidatesHoldEveryMatchAndExactlyTheMatchesWhenExact() {
    RandomFilters random = new RandomFilters(99L);
    List<Metadata> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      records.add(Metadata.of(random.metadata()));
    }
    List<Carried> carried = records.stream().map(Carried::of).toList();
    int exact = 0;
    int narrowed = 0;
    for (int i = 0; i < 20_000; i++) {
      Filter filter = random.filter();
      Optional<Predicate<Carried>> clause = CandidateFilter.candidates(filter, IN_MEMORY);
      Set<Integer> matches = new java.util.HashSet<>();
      Set<Integer> candidates = new java.util.HashSet<>();
      for (int r = 0; r < records.size(); r++) {
        if (filter.matches(records.get(r))) {
          matches.add(r);
        }
        Carried record = carried.get(r);
        if (clause.map(c -> c.test(record)).orElse(true)) {
          candidates.add(r);
        }
      }
      assertThat(candidates).as("candidates of %s", filter).containsAll(matches);
      if (CandidateFilter.isExact(filter)) {
        assertThat(candidates).as("exact candidates of %s", filter).isEqualTo(matches);
        exact++;
      }
      if (candidates.size() < records.size()) {
        narrowed++;
      }
    }
    assertThat(exact).isGreaterThan(8_000);
    assertThat(narrowed).isGreaterThan(12_000);
  }

  @Test
  void numbersOfEitherKindMeetByValueAndLongsStayExact() {
    Carried seven = Carried.of(Metadata.of(Map.of("n", 7L)));
    Carried sevenPointZero = Carried.of(Metadata.of(Map.of("n", 7.0)));
    Carried big = Carried.of(Metadata.of(Map.of("n", (1L << 53) + 1)));
    Predicate<Carried> eqSeven = CandidateFilter.candidates(Filter.eq("n", 7), IN_MEMORY).orElseThrow();
    Predicate<Carried> eqBig = CandidateFilter.candidates(Filter.eq("n", 1L << 53), IN_MEMORY).orElseThrow();
    Predicate<Carried> eqBigAsDouble =
        CandidateFilter.candidates(Filter.eq("n", (double) (1L << 53)), IN_MEMORY).orElseThrow();

    assertThat(eqSeven.test(seven)).isTrue();
    assertThat(eqSeven.test(sevenPointZero)).isTrue();
    assertThat(eqBig.test(big)).as("two longs that round to one double differ").isFalse();
    assertThat(eqBigAsDouble.test(big)).as("a double equals the long that rounds to it").isTrue();
  }

  @Test
  void aLongInListNarrowsNothingAndStringRangesNarrowNothing() {
    List<Object> many = new ArrayList<>();
    for (long i = 0; i <= CandidateFilter.MAX_IN_VALUES; i++) {
      many.add(i);
    }
    assertThat(CandidateFilter.candidates(Filter.in("n", many), IN_MEMORY)).isEmpty();
    assertThat(CandidateFilter.candidates(Filter.gt("s", "a"), IN_MEMORY)).isEmpty();
    assertThat(CandidateFilter.candidates(Filter.not(Filter.gt("n", 1)), IN_MEMORY)).isEmpty();
    assertThat(CandidateFilter.candidates(Filter.and(Filter.gt("s", "a"), Filter.eq("k", true)), IN_MEMORY))
        .isPresent();
  }

  @Test
  void aRecordPayloadKeepsEveryValueExactly() {
    Map<String, Object> odd = Map.of("odd", "nul\u0000 lone \uD800", "k\uDC00", 1L, "max", Long.MAX_VALUE,
        "inf", Double.NEGATIVE_INFINITY, "zero", -0.0, "list", List.of("a", 2L, 2.5, false), "e", "é😀");
    dev.quarry.api.document.Chunk chunk =
        new dev.quarry.api.document.Chunk("id", "doc \uD83D", "text", Metadata.of(odd), 3, 9);

    String payload = RecordPayload.encode(chunk);

    assertThat(payload).matches("\\p{ASCII}*");
    assertThat(RecordPayload.decode("id", "text", payload)).isEqualTo(chunk);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordPayload.decode("id", "text", "{\"broken"))
        .isInstanceOf(dev.quarry.api.NonRetriableException.class).hasMessageContaining("record 'id' is damaged");
  }
}
