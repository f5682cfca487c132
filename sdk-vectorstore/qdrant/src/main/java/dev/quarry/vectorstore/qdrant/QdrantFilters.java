package dev.quarry.vectorstore.qdrant;

import dev.quarry.api.store.Filter;
import dev.quarry.vectorstore.server.internal.CandidateFilter;
import io.qdrant.client.grpc.Common;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Filter} as Qdrant conditions over the payload fields {@link QdrantPoints} writes: {@code quarry_eq}, a
 * keyword list of the record's equality tokens, and {@code quarry_min_<key>} / {@code quarry_max_<key>}, its numeric
 * bounds. "Carries none of these tokens" is {@code must_not}, which Qdrant grants to points without the field. See
 * {@link CandidateFilter} for what is narrowed on the server and what the store finishes.
 */
final class QdrantFilters implements CandidateFilter.Language<Common.Condition> {
  static final String TOKENS = "quarry_eq";
  private static final QdrantFilters LANGUAGE = new QdrantFilters();

  private QdrantFilters() {}

  /** A Qdrant filter selecting every point {@code filter} matches, and maybe others; empty if none narrows it. */
  static Optional<Common.Filter> candidates(Filter filter) {
    return CandidateFilter.candidates(filter, LANGUAGE)
        .map(condition -> Common.Filter.newBuilder().addMust(condition).build());
  }

  static String minField(String numericKey) {
    return "quarry_min_" + numericKey;
  }

  static String maxField(String numericKey) {
    return "quarry_max_" + numericKey;
  }

  @Override
  public Common.Condition anyToken(List<String> tokens) {
    return field(Common.FieldCondition.newBuilder().setKey(TOKENS).setMatch(Common.Match.newBuilder()
        .setKeywords(Common.RepeatedStrings.newBuilder().addAllStrings(tokens))));
  }

  @Override
  public Common.Condition noToken(List<String> tokens) {
    return nested(Common.Filter.newBuilder().addMustNot(anyToken(tokens)));
  }

  @Override
  public Common.Condition maxAtLeast(String numericKey, double value) {
    return field(Common.FieldCondition.newBuilder().setKey(maxField(numericKey))
        .setRange(Common.Range.newBuilder().setGte(value)));
  }

  @Override
  public Common.Condition minAtMost(String numericKey, double value) {
    return field(Common.FieldCondition.newBuilder().setKey(minField(numericKey))
        .setRange(Common.Range.newBuilder().setLte(value)));
  }

  @Override
  public Common.Condition and(List<Common.Condition> clauses) {
    return nested(Common.Filter.newBuilder().addAllMust(clauses));
  }

  @Override
  public Common.Condition or(List<Common.Condition> clauses) {
    return nested(Common.Filter.newBuilder().addAllShould(clauses));
  }

  private static Common.Condition field(Common.FieldCondition.Builder condition) {
    return Common.Condition.newBuilder().setField(condition).build();
  }

  private static Common.Condition nested(Common.Filter.Builder filter) {
    return Common.Condition.newBuilder().setFilter(filter).build();
  }
}
