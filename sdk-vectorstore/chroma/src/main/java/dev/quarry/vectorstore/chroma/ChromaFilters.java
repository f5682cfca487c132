package dev.quarry.vectorstore.chroma;

import dev.quarry.api.store.Filter;
import dev.quarry.vectorstore.server.internal.CandidateFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Filter} as a Chroma {@code where} clause over the fields {@link ChromaRecords} adds: {@code
 * quarry:eq:<token>} is {@code true} for each equality token a record carries, {@code quarry:min:<key>} and {@code
 * quarry:max:<key>} hold its numeric bounds. Chroma's {@code $ne} also selects records without the field, which is
 * what "carries none of these tokens" needs. See {@link CandidateFilter} for what is narrowed on the server and what
 * the store finishes.
 */
final class ChromaFilters implements CandidateFilter.Language<Map<String, Object>> {
  static final String PREFIX = "quarry:";
  static final String RECORD = PREFIX + "record";
  private static final ChromaFilters LANGUAGE = new ChromaFilters();

  private ChromaFilters() {}

  /** A clause selecting every record {@code filter} matches, and maybe others; empty if none narrows it. */
  static Optional<Map<String, Object>> candidates(Filter filter) {
    return CandidateFilter.candidates(filter, LANGUAGE);
  }

  static String tokenField(String token) {
    return PREFIX + "eq:" + token;
  }

  static String minField(String numericKey) {
    return PREFIX + "min:" + numericKey;
  }

  static String maxField(String numericKey) {
    return PREFIX + "max:" + numericKey;
  }

  @Override
  public Map<String, Object> anyToken(List<String> tokens) {
    return join("$or", tokens.stream().map(t -> Map.<String, Object>of(tokenField(t), Map.of("$eq", true))).toList());
  }

  @Override
  public Map<String, Object> noToken(List<String> tokens) {
    return join("$and", tokens.stream().map(t -> Map.<String, Object>of(tokenField(t), Map.of("$ne", true))).toList());
  }

  @Override
  public Map<String, Object> maxAtLeast(String numericKey, double value) {
    return Map.of(maxField(numericKey), Map.of("$gte", value));
  }

  @Override
  public Map<String, Object> minAtMost(String numericKey, double value) {
    return Map.of(minField(numericKey), Map.of("$lte", value));
  }

  @Override
  public Map<String, Object> and(List<Map<String, Object>> clauses) {
    return join("$and", clauses);
  }

  @Override
  public Map<String, Object> or(List<Map<String, Object>> clauses) {
    return join("$or", clauses);
  }

  private static Map<String, Object> join(String operator, List<Map<String, Object>> clauses) {
    return clauses.size() == 1 ? clauses.getFirst() : Map.of(operator, clauses);
  }
}
