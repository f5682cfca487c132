package dev.quarry.vectorstore.chroma;

import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link Filter} as a Chroma {@code where} clause over the fields of {@link ChromaFields}.
 *
 * <p>Chroma's {@code where} has no negation, no test for a missing key, no string ranges and no lists, so not every
 * filter has an exact clause. Each filter gets the narrowest clause that selects <em>at least</em> the records it
 * matches ({@link #candidates}); the store then keeps the candidates that {@link Filter#matches} accepts, so the
 * answer is exact either way, and {@link #isExact} says whether the clause alone already is (then the store need
 * not ask for more candidates than hits).
 *
 * <ul>
 *   <li>{@code eq} and {@code in} are exact: an equality field is set for each value a record holds, and {@code not}
 *       of them is {@code $ne}, which Chroma also grants to records without the field;
 *   <li>a numeric range is a clause on the key's smallest and largest number, always inclusive, which every
 *       matching record passes (longs beyond 2^53 compare as doubles there); string ranges narrow nothing;
 *   <li>{@code and}, {@code or} and {@code not} combine their operands' clauses where they can.
 * </ul>
 */
final class ChromaFilters {
  /** An {@code in} with more values than this narrows nothing, to keep requests small. */
  static final int MAX_IN_VALUES = 500;

  private ChromaFilters() {}

  /** A clause selecting every record that {@code filter} matches, and maybe others; empty if none narrows it. */
  static Optional<Map<String, Object>> candidates(Filter filter) {
    return Optional.ofNullable(superset(filter));
  }

  /** Whether {@link #candidates} selects exactly the records {@code filter} matches. */
  static boolean isExact(Filter filter) {
    return exact(filter) != null;
  }

  private static Map<String, Object> superset(Filter filter) {
    Map<String, Object> exact = exact(filter);
    if (exact != null) {
      return exact;
    }
    return switch (filter) {
      case Filter.Range r -> range(r);
      case Filter.And a -> {
        List<Map<String, Object>> narrowing = new ArrayList<>();
        for (Filter f : a.filters()) {
          Map<String, Object> clause = superset(f);
          if (clause != null) {
            narrowing.add(clause);
          }
        }
        yield narrowing.isEmpty() ? null : combine("$and", narrowing);
      }
      case Filter.Or o -> all(o.filters(), ChromaFilters::superset, "$or");
      case Filter.Not n -> negated(n.filter());
      default -> null;
    };
  }

  /** A clause selecting exactly what {@code filter} matches, or null. */
  private static Map<String, Object> exact(Filter filter) {
    return switch (filter) {
      case Filter.Eq e -> equality(e.key(), List.of(e.value()), "$eq", "$or");
      case Filter.In i -> equality(i.key(), i.values(), "$eq", "$or");
      case Filter.Range r -> null;
      case Filter.And a -> all(a.filters(), ChromaFilters::exact, "$and");
      case Filter.Or o -> all(o.filters(), ChromaFilters::exact, "$or");
      case Filter.Not n -> negated(n.filter());
    };
  }

  /** A clause selecting exactly what {@code filter} does not match, or null. */
  private static Map<String, Object> negated(Filter filter) {
    return switch (filter) {
      case Filter.Eq e -> equality(e.key(), List.of(e.value()), "$ne", "$and");
      case Filter.In i -> equality(i.key(), i.values(), "$ne", "$and");
      case Filter.Range r -> null;
      case Filter.And a -> all(a.filters(), ChromaFilters::negated, "$or");
      case Filter.Or o -> all(o.filters(), ChromaFilters::negated, "$and");
      case Filter.Not n -> exact(n.filter());
    };
  }

  private static Map<String, Object> equality(String key, List<Object> values, String test, String join) {
    if (values.size() > MAX_IN_VALUES) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (Object value : values) {
      fields.addAll(ChromaFields.matching(key, value));
    }
    List<Map<String, Object>> leaves = new ArrayList<>();
    for (String field : fields) {
      leaves.add(Map.of(field, Map.of(test, true)));
    }
    return combine(join, leaves);
  }

  private static Map<String, Object> range(Filter.Range r) {
    Object bound = r.lower().or(r::upper).orElseThrow().value();
    if (!(bound instanceof Number)) {
      return null;
    }
    List<Map<String, Object>> leaves = new ArrayList<>();
    r.lower().ifPresent(b -> leaves.add(
        Map.of(ChromaFields.max(r.key()), Map.of("$gte", ChromaFields.clamped((Number) b.value())))));
    r.upper().ifPresent(b -> leaves.add(
        Map.of(ChromaFields.min(r.key()), Map.of("$lte", ChromaFields.clamped((Number) b.value())))));
    return combine("$and", leaves);
  }

  private static Map<String, Object> all(
      List<Filter> filters, java.util.function.Function<Filter, Map<String, Object>> clause, String join) {
    List<Map<String, Object>> clauses = new ArrayList<>();
    for (Filter f : filters) {
      Map<String, Object> c = clause.apply(f);
      if (c == null) {
        return null;
      }
      clauses.add(c);
    }
    return combine(join, clauses);
  }

  private static Map<String, Object> combine(String join, List<Map<String, Object>> clauses) {
    return clauses.size() == 1 ? clauses.getFirst() : Map.of(join, List.copyOf(clauses));
  }
}
