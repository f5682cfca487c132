package dev.quarry.rag.bm25;

import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Translates a {@link Filter} into a Lucene query over the fields {@link MetadataFields} indexes, matching
 * exactly the chunks for which {@link Filter#matches} holds; no part needs filtering after the search.
 *
 * <p>Why each node is exact: a value of one kind is looked up only in the fields of the kinds it compares with
 * (a string only among strings, a number among whole numbers and decimals, a boolean among booleans). A whole
 * number against a whole number is a {@link LongPoint} query; anything against a decimal field is a {@link
 * DoublePoint} query on the value as a double, which is how {@code Filter} compares them; a decimal bound against
 * whole numbers becomes the interval of longs {@link LongBounds} computes. String ranges compare UTF-16 code
 * units, as {@link String#compareTo} does. A missing key indexes nothing, so it matches no leaf and every
 * {@code not} of one; {@code not} is "all chunks but". Stateless and thread-safe.
 */
final class FilterQueries {
  private FilterQueries() {}

  /** The query matching exactly the chunks whose metadata {@code filter} matches. */
  static Query of(Filter filter) {
    return switch (filter) {
      case Filter.Eq eq -> anyOf(eq.key(), List.of(eq.value()));
      case Filter.In in -> anyOf(in.key(), in.values());
      case Filter.Range range -> range(range);
      case Filter.And and -> combine(and.filters(), Occur.FILTER);
      case Filter.Or or -> combine(or.filters(), Occur.SHOULD);
      case Filter.Not not ->
          new BooleanQuery.Builder()
              .add(MatchAllDocsQuery.INSTANCE, Occur.FILTER)
              .add(of(not.filter()), Occur.MUST_NOT)
              .build();
    };
  }

  private static Query combine(List<Filter> filters, Occur occur) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    for (Filter f : filters) {
      query.add(of(f), occur);
    }
    return query.build();
  }

  /** Chunks with a value under {@code key} equal to one of {@code values} (normalised scalars). */
  private static Query anyOf(String key, List<Object> values) {
    List<BytesRef> strings = new ArrayList<>();
    List<BytesRef> booleans = new ArrayList<>();
    List<Long> longs = new ArrayList<>();
    List<Double> doubles = new ArrayList<>();
    List<Query> parts = new ArrayList<>();
    for (Object value : values) {
      switch (value) {
        case String s -> strings.add(MetadataFields.stringTerm(s));
        case Boolean b -> booleans.add(MetadataFields.booleanTerm(b));
        case Long l -> {
          longs.add(l);
          doubles.add(MetadataFields.normalise(l.doubleValue()));
        }
        case Double d -> {
          doubles.add(MetadataFields.normalise(d));
          longRange(key, Optional.of(new Filter.Bound(d, true)), Optional.of(new Filter.Bound(d, true)))
              .ifPresent(parts::add);
        }
        default -> throw new IllegalStateException("filter value of unexpected type " + value.getClass());
      }
    }
    if (!strings.isEmpty()) {
      parts.add(new TermInSetQuery(MetadataFields.strings(key), strings));
    }
    if (!booleans.isEmpty()) {
      parts.add(new TermInSetQuery(MetadataFields.booleans(key), booleans));
    }
    if (!longs.isEmpty()) {
      parts.add(LongPoint.newSetQuery(MetadataFields.longs(key), longs));
    }
    if (!doubles.isEmpty()) {
      parts.add(DoublePoint.newSetQuery(MetadataFields.doubles(key), doubles));
    }
    return any(parts);
  }

  private static Query range(Filter.Range range) {
    Object sample = range.lower().or(range::upper).orElseThrow().value();
    if (sample instanceof String) {
      return new TermRangeQuery(
          MetadataFields.strings(range.key()),
          range.lower().map(b -> MetadataFields.stringTerm((String) b.value())).orElse(null),
          range.upper().map(b -> MetadataFields.stringTerm((String) b.value())).orElse(null),
          range.lower().map(Filter.Bound::inclusive).orElse(true),
          range.upper().map(Filter.Bound::inclusive).orElse(true));
    }
    List<Query> parts = new ArrayList<>(2);
    longRange(range.key(), range.lower(), range.upper()).ifPresent(parts::add);
    doubleRange(range.key(), range.lower(), range.upper()).ifPresent(parts::add);
    return any(parts);
  }

  /** Stored whole numbers within numeric bounds; empty when none can be. */
  private static Optional<Query> longRange(String key, Optional<Filter.Bound> lower, Optional<Filter.Bound> upper) {
    // Not Optional.map: a bound no long can pass gives null, which map would turn into "no bound".
    Long lo = lower.isPresent() ? lowestLong(lower.get()) : Long.valueOf(Long.MIN_VALUE);
    Long hi = upper.isPresent() ? highestLong(upper.get()) : Long.valueOf(Long.MAX_VALUE);
    if (lo == null || hi == null || lo > hi) {
      return Optional.empty();
    }
    return Optional.of(LongPoint.newRangeQuery(MetadataFields.longs(key), lo, hi));
  }

  private static Long lowestLong(Filter.Bound bound) {
    if (bound.value() instanceof Long l) {
      return bound.inclusive() ? l : (l == Long.MAX_VALUE ? null : l + 1);
    }
    return LongBounds.lowest(((Number) bound.value()).doubleValue(), bound.inclusive());
  }

  private static Long highestLong(Filter.Bound bound) {
    if (bound.value() instanceof Long l) {
      return bound.inclusive() ? l : (l == Long.MIN_VALUE ? null : l - 1);
    }
    return LongBounds.highest(((Number) bound.value()).doubleValue(), bound.inclusive());
  }

  /** Stored decimals within numeric bounds, each bound taken as a double; empty when none can be. */
  private static Optional<Query> doubleRange(
      String key, Optional<Filter.Bound> lower, Optional<Filter.Bound> upper) {
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    if (lower.isPresent()) {
      double v = MetadataFields.normalise(((Number) lower.get().value()).doubleValue());
      if (!lower.get().inclusive() && v == Double.POSITIVE_INFINITY) {
        return Optional.empty();
      }
      lo = lower.get().inclusive() ? v : Math.nextUp(v);
    }
    if (upper.isPresent()) {
      double v = MetadataFields.normalise(((Number) upper.get().value()).doubleValue());
      if (!upper.get().inclusive() && v == Double.NEGATIVE_INFINITY) {
        return Optional.empty();
      }
      hi = upper.get().inclusive() ? v : Math.nextDown(v);
    }
    // -0.0 is never indexed, so a bound that steps onto it must not exclude 0.0 by sign alone.
    lo = MetadataFields.normalise(lo);
    hi = MetadataFields.normalise(hi);
    if (lo > hi) {
      return Optional.empty();
    }
    return Optional.of(DoublePoint.newRangeQuery(MetadataFields.doubles(key), lo, hi));
  }

  private static Query any(List<Query> parts) {
    if (parts.isEmpty()) {
      return new MatchNoDocsQuery("no stored value of a comparable kind can match");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    parts.forEach(q -> query.add(q, Occur.SHOULD));
    return query.build();
  }
}
