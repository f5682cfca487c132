package dev.quarry.vectorstore.pgvector;

import dev.quarry.api.store.Filter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A {@link Filter} tree as a SQL condition over the typed {@code metadata} column ({@link PgMetadata}), selecting
 * exactly the rows {@link Filter#matches} selects: a key's condition holds when some entry of its value list
 * satisfies it (so a missing key satisfies nothing, and only a negation selects it); whole numbers compare exactly
 * with whole numbers and as doubles with decimals; strings compare by UTF-16 code units, through their hex form in
 * the C collation; a boolean equals only a boolean.
 *
 * <p>The condition uses {@code ?} placeholders; {@link #parameters} holds their values in order (String, BigDecimal,
 * Double or Boolean). Not thread-safe: one instance per translation.
 */
final class PgFilters {
  private final List<Object> parameters = new ArrayList<>();

  private PgFilters() {}

  /** The condition for {@code filter} and its parameters. */
  static PgFilters.Condition of(Filter filter) {
    PgFilters filters = new PgFilters();
    String sql = filters.condition(filter);
    return new Condition(sql, List.copyOf(filters.parameters));
  }

  /** A SQL condition and the values of its placeholders, in order. */
  record Condition(String sql, List<Object> parameters) {}

  /** A placeholder bound to a SQL array of {@code type} ({@code text}, {@code numeric}, {@code float8}, ...). */
  record SqlArray(String type, Object[] values) {}

  private String condition(Filter filter) {
    return switch (filter) {
      case Filter.Eq eq -> anyEntry(eq.key(), () -> equal(eq.value()));
      case Filter.In in -> anyEntry(in.key(), () -> oneOf(in.values()));
      case Filter.Range range -> anyEntry(range.key(), () -> within(range.lower(), range.upper()));
      case Filter.And and -> join(and.filters(), " AND ");
      case Filter.Or or -> join(or.filters(), " OR ");
      case Filter.Not not -> "(NOT " + condition(not.filter()) + ")";
    };
  }

  private String join(List<Filter> filters, String operator) {
    StringJoiner joined = new StringJoiner(operator, "(", ")");
    for (Filter f : filters) {
      joined.add(condition(f));
    }
    return joined.toString();
  }

  /**
   * Some entry of {@code key} satisfies the entry condition; the key's placeholder comes first. A key PostgreSQL
   * text cannot hold (NUL, an unpaired surrogate) is on no stored record ({@link PgVectorStore} refuses such keys),
   * so its condition is false.
   */
  private String anyEntry(String key, Supplier<String> entryCondition) {
    if (!PgMetadata.storable(key)) {
      return "FALSE";
    }
    parameters.add(key);
    return "EXISTS (SELECT 1 FROM jsonb_array_elements(metadata -> ? -> 'values') AS e WHERE "
        + entryCondition.get() + ")";
  }

  /**
   * An entry equal to one of {@code values}, with one array placeholder per kind of value, so an {@code in} of any
   * length takes at most five parameters.
   */
  private String oneOf(List<Object> values) {
    List<String> strings = new ArrayList<>();
    List<BigDecimal> wholes = new ArrayList<>();
    List<Double> decimals = new ArrayList<>();
    List<Boolean> booleans = new ArrayList<>();
    for (Object value : values) {
      switch (value) {
        case String s -> strings.add(PgMetadata.hex(s));
        case Long l -> {
          wholes.add(BigDecimal.valueOf(l));
          decimals.add(l.doubleValue()); // a decimal entry equals a whole number as a double
        }
        case Double d -> decimals.add(d);
        case Boolean b -> booleans.add(b);
        default -> throw new IllegalArgumentException("not a metadata value: " + value);
      }
    }
    StringJoiner any = new StringJoiner(" OR ", "(", ")");
    if (!strings.isEmpty()) {
      parameters.add(new SqlArray("text", strings.toArray()));
      any.add("(e ->> 't' = 's' AND e ->> 'h' = ANY (?))");
    }
    if (!wholes.isEmpty()) {
      parameters.add(new SqlArray("numeric", wholes.toArray()));
      any.add("(e ->> 't' = 'l' AND (e ->> 'l')::numeric = ANY (?))");
    }
    List<Double> asDoubles = values.stream().filter(Double.class::isInstance).map(Double.class::cast).toList();
    if (!asDoubles.isEmpty()) {
      parameters.add(new SqlArray("float8", asDoubles.toArray()));
      any.add("(e ->> 't' = 'l' AND (e ->> 'd')::float8 = ANY (?))"); // a whole-number entry against decimals
    }
    if (!decimals.isEmpty()) {
      parameters.add(new SqlArray("float8", decimals.toArray()));
      any.add("(e ->> 't' = 'd' AND (e ->> 'd')::float8 = ANY (?))");
    }
    if (!booleans.isEmpty()) {
      parameters.add(new SqlArray("boolean", booleans.toArray()));
      any.add("(e ->> 't' = 'b' AND (e ->> 'b')::boolean = ANY (?))");
    }
    return any.toString();
  }

  private String equal(Object value) {
    return switch (value) {
      case String s -> {
        parameters.add(PgMetadata.hex(s));
        yield "(e ->> 't' = 's' AND e ->> 'h' = ?)";
      }
      case Long l -> {
        parameters.add(BigDecimal.valueOf(l));
        parameters.add(l.doubleValue());
        yield "((e ->> 't' = 'l' AND (e ->> 'l')::numeric = ?::numeric)"
            + " OR (e ->> 't' = 'd' AND (e ->> 'd')::float8 = ?::float8))";
      }
      case Double d -> {
        parameters.add(d);
        yield "(e ->> 't' IN ('l', 'd') AND (e ->> 'd')::float8 = ?::float8)";
      }
      case Boolean b -> {
        parameters.add(b);
        yield "(e ->> 't' = 'b' AND (e ->> 'b')::boolean = ?)";
      }
      default -> throw new IllegalArgumentException("not a metadata value: " + value);
    };
  }

  private String within(Optional<Filter.Bound> lower, Optional<Filter.Bound> upper) {
    Object kind = lower.or(() -> upper).orElseThrow().value();
    if (kind instanceof String) {
      StringJoiner all = new StringJoiner(" AND ", "(e ->> 't' = 's' AND ", ")");
      lower.ifPresent(b -> all.add(hexBound(b, true)));
      upper.ifPresent(b -> all.add(hexBound(b, false)));
      return all.toString();
    }
    StringJoiner whole = new StringJoiner(" AND ", "(e ->> 't' = 'l' AND ", ")");
    lower.ifPresent(b -> whole.add(numberBound(b, true, true)));
    upper.ifPresent(b -> whole.add(numberBound(b, false, true)));
    StringJoiner decimal = new StringJoiner(" AND ", "(e ->> 't' = 'd' AND ", ")");
    lower.ifPresent(b -> decimal.add(numberBound(b, true, false)));
    upper.ifPresent(b -> decimal.add(numberBound(b, false, false)));
    return "(" + whole + " OR " + decimal + ")";
  }

  private String hexBound(Filter.Bound bound, boolean lower) {
    parameters.add(PgMetadata.hex((String) bound.value()));
    return "(e ->> 'h') COLLATE \"C\" " + operator(bound, lower) + " ?";
  }

  /** A bound on an entry: exact for a whole-number bound on a whole-number entry, as doubles otherwise. */
  private String numberBound(Filter.Bound bound, boolean lower, boolean wholeEntry) {
    if (wholeEntry && bound.value() instanceof Long l) {
      parameters.add(BigDecimal.valueOf(l));
      return "(e ->> 'l')::numeric " + operator(bound, lower) + " ?::numeric";
    }
    parameters.add(((Number) bound.value()).doubleValue());
    return "(e ->> 'd')::float8 " + operator(bound, lower) + " ?::float8";
  }

  private static String operator(Filter.Bound bound, boolean lower) {
    return lower ? (bound.inclusive() ? ">=" : ">") : (bound.inclusive() ? "<=" : "<");
  }
}
