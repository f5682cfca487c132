package dev.quarry.vectorstore.milvus;

import dev.quarry.api.store.Filter;
import dev.quarry.vectorstore.server.internal.CandidateFilter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Filter} as a Milvus boolean expression over the fields {@link MilvusRecords} adds, and the other
 * expressions the store sends:
 *
 * <ul>
 *   <li>{@code array_contains_any(quarry_eq, ["t1", "t2"])} for "carries one of these equality tokens", and its
 *       {@code not (...)} for "carries none of them" (a record without tokens included, since its array is empty);
 *   <li>{@code quarry_max["k"] >= 2.5} and {@code quarry_min["k"] <= 2.5} on the numeric bounds kept in the JSON
 *       fields; a record without the key does not pass, as on the embedded store;
 *   <li>{@code and} and {@code or} of those, each operand in parentheses;
 *   <li>{@code id in [...]} and {@code id > "..."} on the primary key, for reads and deletes by id and for paging.
 * </ul>
 *
 * <p>Strings are quoted with the escapes Milvus's parser undoes ({@code \"}, {@code \\}, {@code \n}, {@code \r}
 * and {@code \}{@code u00XX} for other control characters); other characters go through as they are, in UTF-8.
 * Numbers are Java's shortest decimal form of a finite double, which Milvus reads back as the same double. See
 * {@link CandidateFilter} for what is narrowed on the server and what the store finishes.
 */
final class MilvusFilters implements CandidateFilter.Language<String> {
  private static final MilvusFilters LANGUAGE = new MilvusFilters();

  private MilvusFilters() {}

  /** An expression selecting every record {@code filter} matches, and maybe others; empty if none narrows it. */
  static Optional<String> candidates(Filter filter) {
    return CandidateFilter.candidates(filter, LANGUAGE);
  }

  /** Records whose id is one of {@code ids} (at least one). */
  static String idIn(Collection<String> ids) {
    return MilvusRecords.ID + " in " + list(ids);
  }

  /** Records whose id sorts after {@code id}, and that {@code expression} selects if it is not empty. */
  static String after(String id, String expression) {
    String after = MilvusRecords.ID + " > " + quote(id);
    return expression.isEmpty() ? after : "(" + after + ") and (" + expression + ")";
  }

  @Override
  public String anyToken(List<String> tokens) {
    return "array_contains_any(" + MilvusRecords.EQ + ", " + list(tokens) + ")";
  }

  @Override
  public String noToken(List<String> tokens) {
    return "not (" + anyToken(tokens) + ")";
  }

  @Override
  public String maxAtLeast(String numericKey, double value) {
    return MilvusRecords.MAX + "[" + quote(numericKey) + "] >= " + number(value);
  }

  @Override
  public String minAtMost(String numericKey, double value) {
    return MilvusRecords.MIN + "[" + quote(numericKey) + "] <= " + number(value);
  }

  @Override
  public String and(List<String> clauses) {
    return join(" and ", clauses);
  }

  @Override
  public String or(List<String> clauses) {
    return join(" or ", clauses);
  }

  /** {@code text} as a double-quoted Milvus string literal. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static String list(Collection<String> values) {
    StringBuilder list = new StringBuilder("[");
    for (String value : values) {
      if (list.length() > 1) {
        list.append(", ");
      }
      list.append(quote(value));
    }
    return list.append(']').toString();
  }

  /** A finite double as a Milvus number literal ({@code -0.0} as 0). */
  private static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    return Double.toString(value == 0 ? 0.0 : value);
  }

  private static String join(String operator, List<String> clauses) {
    if (clauses.size() == 1) {
      return clauses.getFirst();
    }
    StringBuilder joined = new StringBuilder();
    for (String clause : clauses) {
      if (!joined.isEmpty()) {
        joined.append(operator);
      }
      joined.append('(').append(clause).append(')');
    }
    return joined.toString();
  }
}
