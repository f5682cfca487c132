package dev.quarry.langchain4j;

import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Translates a LangChain4j metadata filter into Quarry's {@link Filter} tree, so any Quarry store evaluates it.
 *
 * <p>Equality, inequality, the four order comparisons, in, not-in, and, or and not translate one to one; both
 * libraries let not-equal and not-in match records that lack the key. UUID values compare as their strings,
 * which is how {@link MetadataMapping} stores them. {@code containsString} has no Quarry counterpart (Quarry
 * filters compare whole values) and is refused with an {@link IllegalArgumentException}, as is any filter class
 * this bridge does not know.
 *
 * <p>Stateless and thread-safe.
 */
final class FilterMapping {
  private FilterMapping() {}

  static Filter toQuarry(dev.langchain4j.store.embedding.filter.Filter filter) {
    return switch (filter) {
      case null -> throw new IllegalArgumentException("filter must not be null");
      case IsEqualTo f -> Filter.eq(f.key(), value(f.comparisonValue()));
      case IsNotEqualTo f -> Filter.not(Filter.eq(f.key(), value(f.comparisonValue())));
      case IsGreaterThan f -> Filter.gt(f.key(), value(f.comparisonValue()));
      case IsGreaterThanOrEqualTo f -> Filter.gte(f.key(), value(f.comparisonValue()));
      case IsLessThan f -> Filter.lt(f.key(), value(f.comparisonValue()));
      case IsLessThanOrEqualTo f -> Filter.lte(f.key(), value(f.comparisonValue()));
      case IsIn f -> Filter.in(f.key(), values(f.comparisonValues()));
      case IsNotIn f -> Filter.not(Filter.in(f.key(), values(f.comparisonValues())));
      case And f -> Filter.and(toQuarry(f.left()), toQuarry(f.right()));
      case Or f -> Filter.or(toQuarry(f.left()), toQuarry(f.right()));
      case Not f -> Filter.not(toQuarry(f.expression()));
      case ContainsString f ->
          throw new IllegalArgumentException(
              "filter containsString('" + f.key() + "', ...) has no Quarry equivalent: Quarry filters compare"
                  + " whole values (equal, in, ranges, and, or, not)");
      default ->
          throw new IllegalArgumentException(
              "LangChain4j filter " + filter.getClass().getName() + " cannot be translated; supported: isEqualTo,"
                  + " isNotEqualTo, isGreaterThan(OrEqualTo), isLessThan(OrEqualTo), isIn, isNotIn, and, or, not");
    };
  }

  private static Object value(Object value) {
    return value instanceof UUID uuid ? uuid.toString() : value;
  }

  private static List<Object> values(Collection<?> values) {
    List<Object> converted = new ArrayList<>(values.size());
    for (Object value : values) {
      converted.add(value(value));
    }
    return converted;
  }
}
