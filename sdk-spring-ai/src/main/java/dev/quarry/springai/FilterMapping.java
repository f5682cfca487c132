package dev.quarry.springai;

import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/**
 * Translates a Spring AI filter expression into Quarry's {@link Filter} tree, so any Quarry store evaluates it.
 *
 * <p>{@code EQ}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN}, {@code AND}, {@code OR} and
 * {@code NOT} translate one to one; {@code NE} and {@code NIN} become the negation of {@code EQ} and {@code IN},
 * so they match records that lack the key. {@code ISNOTNULL} becomes "the key holds a string, a number or a
 * boolean" (a disjunction Quarry can express), and {@code ISNULL} its negation; a key holding an empty list counts
 * as null. Semantics are Quarry's ({@link Filter#matches}): numbers compare by value whatever their type, a
 * string never equals or orders against a number, a missing key matches no comparison, and a list value matches
 * when any element does.
 *
 * <p>Refused with an {@link IllegalArgumentException} naming the operator: a comparison whose value is not a
 * string, number or boolean (a {@link Date}, a list, null), an order comparison with a boolean, {@code IN} or
 * {@code NIN} without a non-empty list, operands in the wrong places, and any operator a later Spring AI adds.
 *
 * <p>Stateless and thread-safe.
 */
final class FilterMapping {
  private FilterMapping() {}

  static Filter toQuarry(Expression expression) {
    if (expression == null) {
      throw new IllegalArgumentException("filter expression must not be null");
    }
    ExpressionType type = expression.type();
    if (type == null) {
      throw new IllegalArgumentException("filter expression " + expression + " has no operator");
    }
    return switch (type) {
      case AND -> Filter.and(operand(expression.left(), type), operand(expression.right(), type));
      case OR -> Filter.or(operand(expression.left(), type), operand(expression.right(), type));
      case NOT -> Filter.not(operand(expression.left(), type));
      case EQ -> Filter.eq(key(expression), scalar(expression));
      case NE -> Filter.not(Filter.eq(key(expression), scalar(expression)));
      case GT, GTE, LT, LTE -> range(type, key(expression), scalar(expression));
      case IN -> Filter.in(key(expression), list(expression));
      case NIN -> Filter.not(Filter.in(key(expression), list(expression)));
      case ISNOTNULL -> exists(key(expression));
      case ISNULL -> Filter.not(exists(key(expression)));
      default ->
          throw new IllegalArgumentException(
              "Spring AI filter operator " + type + " cannot be translated to a Quarry filter; supported: EQ, NE,"
                  + " GT, GTE, LT, LTE, IN, NIN, AND, OR, NOT, ISNULL, ISNOTNULL");
    };
  }

  /**
   * The key holds a value: some string (every string is {@code >= ""}), some number (every number is {@code >= 0}
   * or {@code < 0}; Quarry metadata holds no NaN), or a boolean. For a list, some element does.
   */
  static Filter exists(String key) {
    return Filter.or(
        Filter.gte(key, ""), Filter.gte(key, 0L), Filter.lt(key, 0L), Filter.in(key, List.of(true, false)));
  }

  private static Filter operand(Operand operand, ExpressionType type) {
    return switch (operand) {
      case Expression e -> toQuarry(e);
      case Group g when g.content() != null -> toQuarry(g.content());
      case null -> throw new IllegalArgumentException(type + " needs an expression operand, got none");
      default ->
          throw new IllegalArgumentException(
              type + " combines expressions; got the " + operand.getClass().getSimpleName() + " " + operand);
    };
  }

  /** The key on the left, with the quotes the builder API leaves on quoted keys removed. */
  private static String key(Expression expression) {
    if (!(expression.left() instanceof Key key) || key.key() == null) {
      throw new IllegalArgumentException(
          expression.type() + " needs a metadata key as its left operand, got " + expression.left());
    }
    String k = key.key();
    if (k.length() >= 2
        && ((k.startsWith("\"") && k.endsWith("\"")) || (k.startsWith("'") && k.endsWith("'")))) {
      k = k.substring(1, k.length() - 1);
    }
    if (k.isBlank()) {
      throw new IllegalArgumentException(expression.type() + " needs a non-blank metadata key");
    }
    return k;
  }

  private static Object scalar(Expression expression) {
    Object value = value(expression);
    if (value instanceof Collection<?>) {
      throw new IllegalArgumentException(
          expression.type() + " on '" + key(expression) + "' compares with one value, got the list " + value
              + "; use IN or NIN for lists");
    }
    return checkScalar(expression, value);
  }

  private static List<Object> list(Expression expression) {
    Object value = value(expression);
    if (!(value instanceof Collection<?> values)) {
      throw new IllegalArgumentException(
          expression.type() + " on '" + key(expression) + "' needs a list of values, got " + value);
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          expression.type() + " on '" + key(expression) + "' needs at least one value, got an empty list");
    }
    List<Object> checked = new ArrayList<>(values.size());
    for (Object element : values) {
      checked.add(checkScalar(expression, element));
    }
    return checked;
  }

  private static Object value(Expression expression) {
    if (!(expression.right() instanceof Value value)) {
      throw new IllegalArgumentException(
          expression.type() + " needs a value as its right operand, got " + expression.right());
    }
    return value.value();
  }

  private static Object checkScalar(Expression expression, Object value) {
    boolean allowed =
        value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Integer
            || value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float;
    if (!allowed) {
      String hint =
          value instanceof Date
              ? "; Quarry metadata holds no dates: store them as ISO-8601 UTC strings"
                  + " (yyyy-MM-dd'T'HH:mm:ss'Z'), which order chronologically, and compare with such strings"
              : "";
      throw new IllegalArgumentException(
          expression.type() + " on '" + key(expression) + "': value " + value + " of type "
              + (value == null ? "null" : value.getClass().getName())
              + " cannot be compared; allowed: String, Boolean, whole numbers, Float, Double" + hint);
    }
    if ((value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN())) {
      throw new IllegalArgumentException(
          expression.type() + " on '" + key(expression) + "': NaN equals and orders against nothing");
    }
    return value;
  }

  private static Filter range(ExpressionType type, String key, Object value) {
    if (value instanceof Boolean) {
      throw new IllegalArgumentException(
          type + " on '" + key + "': booleans are not ordered; compare them with EQ, NE, IN or NIN");
    }
    return switch (type) {
      case GT -> Filter.gt(key, value);
      case GTE -> Filter.gte(key, value);
      case LT -> Filter.lt(key, value);
      case LTE -> Filter.lte(key, value);
      default -> throw new IllegalStateException("not an order comparison: " + type);
    };
  }
}
