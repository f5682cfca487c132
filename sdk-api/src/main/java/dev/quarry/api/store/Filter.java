package dev.quarry.api.store;

import static dev.quarry.api.internal.Checks.requireNoNulls;
import static dev.quarry.api.internal.Checks.requireNonBlank;
import static dev.quarry.api.internal.Checks.requireNonNull;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.Optional;

/**
 * A condition on chunk metadata, as a tree that every store translates into its own language (Qdrant
 * conditions, Milvus expressions, a bitset for the built-in index).
 *
 * <p>{@link #matches} is the reference semantics that every translation must agree with:
 *
 * <ul>
 *   <li>a missing key never matches {@link Eq}, {@link In} or {@link Range} (and so matches their {@link Not});
 *   <li>numbers compare by value whatever their type ({@code 3} equals {@code 3.0});
 *   <li>strings compare with {@link String#compareTo}; a string never equals or orders against a number;
 *   <li>when the stored value is a list, {@code Eq}, {@code In} and {@code Range} match if any element does.
 * </ul>
 *
 * <p>Build trees with the static factories ({@code Filter.and(Filter.eq("lang", "en"), Filter.gte("year",
 * 2020))}). All nodes are immutable records and thread-safe.
 */
public sealed interface Filter {

  /** Whether metadata satisfies this condition. */
  boolean matches(Metadata metadata);

  /** {@code key == value}. */
  static Filter eq(String key, Object value) {
    return new Eq(key, value);
  }

  /** {@code key} equals one of {@code values}. */
  static Filter in(String key, List<?> values) {
    requireNonNull(values, "filter '" + key + "' values");
    return new In(key, new java.util.ArrayList<Object>(values));
  }

  /** {@code key > value}. */
  static Filter gt(String key, Object value) {
    return new Range(key, Optional.of(new Bound(value, false)), Optional.empty());
  }

  /** {@code key >= value}. */
  static Filter gte(String key, Object value) {
    return new Range(key, Optional.of(new Bound(value, true)), Optional.empty());
  }

  /** {@code key < value}. */
  static Filter lt(String key, Object value) {
    return new Range(key, Optional.empty(), Optional.of(new Bound(value, false)));
  }

  /** {@code key <= value}. */
  static Filter lte(String key, Object value) {
    return new Range(key, Optional.empty(), Optional.of(new Bound(value, true)));
  }

  /** {@code lower <= key <= upper}. */
  static Filter between(String key, Object lower, Object upper) {
    return new Range(key, Optional.of(new Bound(lower, true)), Optional.of(new Bound(upper, true)));
  }

  /** All of {@code filters}. */
  static Filter and(Filter... filters) {
    return new And(java.util.Arrays.asList(requireNonNull(filters, "'and' operands")));
  }

  /** Any of {@code filters}. */
  static Filter or(Filter... filters) {
    return new Or(java.util.Arrays.asList(requireNonNull(filters, "'or' operands")));
  }

  /** The negation of {@code filter}. */
  static Filter not(Filter filter) {
    return new Not(filter);
  }

  /** Equality with a scalar value. */
  record Eq(String key, Object value) implements Filter {
    public Eq {
      requireNonBlank(key, "filter key");
      value = Metadata.normaliseScalar(key, value);
    }

    @Override
    public boolean matches(Metadata metadata) {
      return anyElement(metadata, key, stored -> Values.equal(stored, value));
    }
  }

  /** Membership in a non-empty list of scalar values. */
  record In(String key, List<Object> values) implements Filter {
    public In {
      requireNonBlank(key, "filter key");
      requireNoNulls(values, "filter '" + key + "' values");
      if (values.isEmpty()) {
        throw new IllegalArgumentException("filter '" + key + "': 'in' needs at least one value");
      }
      String k = key;
      values = values.stream().map(v -> Metadata.normaliseScalar(k, v)).toList();
    }

    @Override
    public boolean matches(Metadata metadata) {
      return anyElement(
          metadata, key, stored -> values.stream().anyMatch(value -> Values.equal(stored, value)));
    }
  }

  /** One end of a {@link Range}. */
  record Bound(Object value, boolean inclusive) {
    public Bound {
      if ((value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN())) {
        throw new IllegalArgumentException("a range bound must not be NaN");
      }
      value = Metadata.normaliseScalar("range bound", value);
      if (value instanceof Boolean) {
        throw new IllegalArgumentException("a range bound must be a number or a string, was a boolean");
      }
    }
  }

  /** An interval, open on a side whose bound is empty; at least one bound is required. */
  record Range(String key, Optional<Bound> lower, Optional<Bound> upper) implements Filter {
    public Range {
      requireNonBlank(key, "filter key");
      requireNonNull(lower, "range lower bound");
      requireNonNull(upper, "range upper bound");
      if (lower.isEmpty() && upper.isEmpty()) {
        throw new IllegalArgumentException("filter '" + key + "': a range needs a lower or an upper bound");
      }
      if (lower.isPresent() && upper.isPresent()) {
        Integer order = Values.compare(lower.get().value(), upper.get().value());
        if (order == null) {
          throw new IllegalArgumentException(
              "filter '" + key + "': range bounds must both be numbers or both be strings");
        }
        if (order > 0) {
          throw new IllegalArgumentException(
              "filter '" + key + "': the lower bound " + lower.get().value() + " is above the upper bound "
                  + upper.get().value() + ", so nothing could match");
        }
      }
    }

    @Override
    public boolean matches(Metadata metadata) {
      return anyElement(metadata, key, this::contains);
    }

    private boolean contains(Object stored) {
      if (lower.isPresent()) {
        Integer c = Values.compare(stored, lower.get().value());
        if (c == null || c < 0 || (c == 0 && !lower.get().inclusive())) {
          return false;
        }
      }
      if (upper.isPresent()) {
        Integer c = Values.compare(stored, upper.get().value());
        return c != null && (c < 0 || (c == 0 && upper.get().inclusive()));
      }
      return true;
    }
  }

  /** Conjunction of at least one filter. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = checkOperands(filters, "and");
    }

    @Override
    public boolean matches(Metadata metadata) {
      for (Filter f : filters) {
        if (!f.matches(metadata)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Disjunction of at least one filter. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = checkOperands(filters, "or");
    }

    @Override
    public boolean matches(Metadata metadata) {
      for (Filter f : filters) {
        if (f.matches(metadata)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Negation. */
  record Not(Filter filter) implements Filter {
    public Not {
      requireNonNull(filter, "negated filter");
    }

    @Override
    public boolean matches(Metadata metadata) {
      return !filter.matches(metadata);
    }
  }

  private static List<Filter> checkOperands(List<Filter> filters, String op) {
    requireNoNulls(filters, "'" + op + "' operands");
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("'" + op + "' needs at least one operand");
    }
    return List.copyOf(filters);
  }

  private static boolean anyElement(
      Metadata metadata, String key, java.util.function.Predicate<Object> test) {
    Object stored = metadata.get(key).orElse(null);
    if (stored == null) {
      return false;
    }
    if (stored instanceof List<?> list) {
      for (Object element : list) {
        if (test.test(element)) {
          return true;
        }
      }
      return false;
    }
    return test.test(stored);
  }
}
