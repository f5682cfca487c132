package dev.quarry.vectorstore.server.internal;

import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Filter} narrowed to a server's filter language over the {@link FilterTokens} a record carries.
 *
 * <p>Not every filter has an exact clause in every language, so each gets the narrowest clause that selects
 * <em>at least</em> the records it matches ({@link #candidates}); the adapter then keeps the candidates that
 * {@link Filter#matches} accepts, which makes the answer exact either way. {@link #isExact} says whether the clause
 * alone already is, so that the adapter need not ask for more candidates than hits.
 *
 * <ul>
 *   <li>{@code eq} and {@code in} are exact: "carries one of these tokens", and under {@code not}, "carries none";
 *   <li>a numeric range is a clause on the key's largest and smallest number, always inclusive, which every
 *       matching record passes (longs beyond 2^53 compare as doubles there); a string range narrows nothing;
 *   <li>{@code and}, {@code or} and {@code not} combine their operands' clauses where they can.
 * </ul>
 *
 * @param <C> the server's clause type (a JSON map, a protobuf condition, an expression string)
 */
public final class CandidateFilter<C> {
  /** An {@code in} with more values than this narrows nothing, to keep requests small. */
  public static final int MAX_IN_VALUES = 500;

  /** How a server says the few things this needs. */
  public interface Language<C> {
    /** Records that carry at least one of {@code tokens}. */
    C anyToken(List<String> tokens);

    /** Records that carry none of {@code tokens}, records without tokens included. */
    C noToken(List<String> tokens);

    /** Records whose largest number under {@code numericKey} is at least {@code value}. */
    C maxAtLeast(String numericKey, double value);

    /** Records whose smallest number under {@code numericKey} is at most {@code value}. */
    C minAtMost(String numericKey, double value);

    /** All of at least two clauses. */
    C and(List<C> clauses);

    /** Any of at least two clauses. */
    C or(List<C> clauses);
  }

  private final Language<C> language;

  private CandidateFilter(Language<C> language) {
    this.language = language;
  }

  /** The narrowest clause of {@code language} that selects every record {@code filter} matches; empty if none. */
  public static <C> Optional<C> candidates(Filter filter, Language<C> language) {
    return Optional.ofNullable(new CandidateFilter<>(language).superset(filter));
  }

  /** Whether {@link #candidates} selects exactly the records {@code filter} matches. */
  public static boolean isExact(Filter filter) {
    return exactness().exact(filter) != null;
  }

  private static CandidateFilter<Boolean> exactness() {
    return new CandidateFilter<>(new Language<>() {
      @Override public Boolean anyToken(List<String> tokens) { return true; }
      @Override public Boolean noToken(List<String> tokens) { return true; }
      @Override public Boolean maxAtLeast(String key, double value) { return true; }
      @Override public Boolean minAtMost(String key, double value) { return true; }
      @Override public Boolean and(List<Boolean> clauses) { return true; }
      @Override public Boolean or(List<Boolean> clauses) { return true; }
    });
  }

  private C superset(Filter filter) {
    C exact = exact(filter);
    if (exact != null) {
      return exact;
    }
    return switch (filter) {
      case Filter.Range r -> range(r);
      case Filter.And a -> {
        List<C> narrowing = new ArrayList<>();
        for (Filter f : a.filters()) {
          C clause = superset(f);
          if (clause != null) {
            narrowing.add(clause);
          }
        }
        yield narrowing.isEmpty() ? null : combine(narrowing, language::and);
      }
      case Filter.Or o -> all(o.filters(), this::superset, language::or);
      case Filter.Not n -> negated(n.filter());
      default -> null;
    };
  }

  /** A clause selecting exactly what {@code filter} matches, or null. */
  private C exact(Filter filter) {
    return switch (filter) {
      case Filter.Eq e -> tokens(e.key(), List.of(e.value()), language::anyToken);
      case Filter.In i -> tokens(i.key(), i.values(), language::anyToken);
      case Filter.Range r -> null;
      case Filter.And a -> all(a.filters(), this::exact, language::and);
      case Filter.Or o -> all(o.filters(), this::exact, language::or);
      case Filter.Not n -> negated(n.filter());
    };
  }

  /** A clause selecting exactly what {@code filter} does not match, or null. */
  private C negated(Filter filter) {
    return switch (filter) {
      case Filter.Eq e -> tokens(e.key(), List.of(e.value()), language::noToken);
      case Filter.In i -> tokens(i.key(), i.values(), language::noToken);
      case Filter.Range r -> null;
      case Filter.And a -> all(a.filters(), this::negated, language::or);
      case Filter.Or o -> all(o.filters(), this::negated, language::and);
      case Filter.Not n -> exact(n.filter());
    };
  }

  private C tokens(String key, List<Object> values, Function<List<String>, C> clause) {
    if (values.size() > MAX_IN_VALUES) {
      return null;
    }
    Set<String> tokens = new LinkedHashSet<>();
    for (Object value : values) {
      tokens.addAll(FilterTokens.matching(key, value));
    }
    return clause.apply(List.copyOf(tokens));
  }

  private C range(Filter.Range r) {
    Object bound = r.lower().or(r::upper).orElseThrow().value();
    if (!(bound instanceof Number)) {
      return null;
    }
    String key = FilterTokens.numericKey(r.key());
    List<C> clauses = new ArrayList<>();
    r.lower().ifPresent(b -> clauses.add(language.maxAtLeast(key, FilterTokens.clamped((Number) b.value()))));
    r.upper().ifPresent(b -> clauses.add(language.minAtMost(key, FilterTokens.clamped((Number) b.value()))));
    return combine(clauses, language::and);
  }

  private C all(List<Filter> filters, Function<Filter, C> clause, Function<List<C>, C> join) {
    List<C> clauses = new ArrayList<>();
    for (Filter f : filters) {
      C c = clause.apply(f);
      if (c == null) {
        return null;
      }
      clauses.add(c);
    }
    return combine(clauses, join);
  }

  private static <C> C combine(List<C> clauses, Function<List<C>, C> join) {
    return clauses.size() == 1 ? clauses.getFirst() : join.apply(List.copyOf(clauses));
  }
}
