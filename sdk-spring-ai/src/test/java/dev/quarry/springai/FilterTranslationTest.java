package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/**
 * Seeded random Spring AI filter expressions (nested and/or/not, every comparison, IN/NIN over mixed numbers,
 * keys that some or all documents lack, list values, empty lists) select through {@link QuarryVectorStore} exactly
 * the documents that a direct evaluation of the expression on the documents' Spring AI metadata selects, both as
 * built expression trees and as the text Spring AI parses. The direct evaluation, {@link #matches}, is written here
 * from the documented semantics, independently of Quarry's {@code Filter}.
 *
 * <p>Seed: {@code -Dquarry.test.seed=N}, else {@link #DEFAULT_SEED}; a failure message names the expression.
 */
class FilterTranslationTest {
  static final long DEFAULT_SEED = 20260611L;
  private static final int DIMENSION = 64;
  private static final int DOCUMENTS = 80;
  private static final int EXPRESSIONS = 600;

  private static final List<String> KEYS = List.of("s", "n", "x", "tags", "flag", "absent");
  private static final List<String> STRINGS = List.of("", "a", "ab", "b", "B", "é", "zz", "3");
  private static final List<Object> NUMBERS =
      List.of(-1, 0, 1, 3, 42, 0L, 3L, 42L, 1L << 40, -1.0, 0.0, -0.0, 2.5, 3.0, 42.0, 0.5f, 3.0f);

  private final Random random = new Random(Long.getLong("quarry.test.seed", DEFAULT_SEED));

  @Test
  void searchSelectsWhatTheExpressionSelects() {
    List<Document> documents = documents();
    VectorStore store = storeWith(documents);
    int selective = 0;
    for (int i = 0; i < EXPRESSIONS; i++) {
      Expression expression = expression(random.nextInt(4));
      Set<String> expected = expected(documents, expression);
      if (!expected.isEmpty() && expected.size() < DOCUMENTS) {
        selective++;
      }

      assertThat(found(store, SearchRequest.builder().query("document").topK(DOCUMENTS)
              .filterExpression(expression).build()))
          .as("built expression %s", expression)
          .isEqualTo(expected);
      String text = text(expression);
      assertThat(found(store, SearchRequest.builder().query("document").topK(DOCUMENTS).filterExpression(text)
              .build()))
          .as("text expression %s", text)
          .isEqualTo(expected);
    }
    assertThat(selective).as("expressions that select some but not all documents").isGreaterThan(EXPRESSIONS / 3);
  }

  @Test
  void deleteRemovesWhatTheExpressionSelects() {
    List<Document> documents = documents();
    for (int i = 0; i < 40; i++) {
      EmbeddedVectorStore quarry = EmbeddedVectorStore.builder(DIMENSION).build();
      VectorStore store = QuarryVectorStore.builder(quarry, new HashingEmbeddingModel(DIMENSION)).build();
      store.add(documents);
      Expression expression = expression(random.nextInt(3));
      Set<String> kept = ids(documents);
      kept.removeAll(expected(documents, expression));

      if (i % 2 == 0) {
        store.delete(expression);
      } else {
        store.delete(text(expression));
      }

      assertThat(found(store, SearchRequest.builder().query("document").topK(DOCUMENTS).build()))
          .as("kept after deleting %s", expression)
          .isEqualTo(kept);
      quarry.close();
    }
  }

  private static VectorStore storeWith(List<Document> documents) {
    VectorStore store =
        QuarryVectorStore.builder(EmbeddedVectorStore.builder(DIMENSION).build(), new HashingEmbeddingModel(DIMENSION))
            .build();
    store.add(documents);
    return store;
  }

  private static Set<String> found(VectorStore store, SearchRequest request) {
    return store.similaritySearch(request).stream().map(Document::getId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(List<Document> documents) {
    return documents.stream().map(Document::getId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> expected(List<Document> documents, Expression expression) {
    return documents.stream()
        .filter(d -> matches(expression, d.getMetadata()))
        .map(Document::getId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  // ---- random documents and expressions ----

  private List<Document> documents() {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      Map<String, Object> metadata = new HashMap<>();
      if (random.nextInt(5) > 0) {
        metadata.put("s", pick(STRINGS));
      }
      if (random.nextInt(5) > 0) {
        metadata.put("n", pick(NUMBERS));
      }
      if (random.nextInt(4) > 0) {
        metadata.put("x", scalar());
      }
      if (random.nextInt(3) > 0) {
        List<Object> tags = new ArrayList<>();
        for (int t = random.nextInt(4); t > 0; t--) {
          tags.add(random.nextBoolean() ? pick(STRINGS) : pick(NUMBERS));
        }
        metadata.put("tags", tags); // sometimes empty: counts as null
      }
      if (random.nextBoolean()) {
        metadata.put("flag", random.nextBoolean());
      }
      documents.add(Document.builder().id("d" + i).text("document " + i).metadata(metadata).build());
    }
    return documents;
  }

  private Expression expression(int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return comparison();
    }
    return switch (random.nextInt(3)) {
      case 0 -> new Expression(ExpressionType.AND, operand(depth - 1), operand(depth - 1));
      case 1 -> new Expression(ExpressionType.OR, operand(depth - 1), operand(depth - 1));
      default -> new Expression(ExpressionType.NOT, operand(depth - 1), null);
    };
  }

  /** An expression, sometimes wrapped in a group as Spring AI's parser wraps parenthesised ones. */
  private Operand operand(int depth) {
    Expression expression = expression(depth);
    return random.nextInt(4) == 0 ? new Group(expression) : expression;
  }

  private Expression comparison() {
    Key key = new Key(pick(KEYS));
    ExpressionType type = pick(List.of(ExpressionType.EQ, ExpressionType.NE, ExpressionType.GT, ExpressionType.GTE,
        ExpressionType.LT, ExpressionType.LTE, ExpressionType.IN, ExpressionType.NIN, ExpressionType.ISNULL,
        ExpressionType.ISNOTNULL));
    return switch (type) {
      case ISNULL, ISNOTNULL -> new Expression(type, key);
      case IN, NIN -> {
        List<Object> values = new ArrayList<>();
        for (int v = 1 + random.nextInt(4); v > 0; v--) {
          values.add(scalar());
        }
        yield new Expression(type, key, new Value(values));
      }
      case EQ, NE -> new Expression(type, key, new Value(scalar()));
      default -> new Expression(type, key, new Value(random.nextBoolean() ? pick(STRINGS) : pick(NUMBERS)));
    };
  }

  private Object scalar() {
    return switch (random.nextInt(5)) {
      case 0, 1 -> pick(STRINGS);
      case 2, 3 -> pick(NUMBERS);
      default -> random.nextBoolean();
    };
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  // ---- the direct evaluation ----

  /**
   * The documented semantics on Spring AI metadata: a list value matches when an element does, an empty list is
   * null; numbers compare by value; strings by {@code compareTo}; a string and a number neither equal nor order;
   * booleans only equal; a missing key matches no comparison.
   */
  static boolean matches(Expression e, Map<String, Object> metadata) {
    return switch (e.type()) {
      case AND -> matches(inner(e.left()), metadata) && matches(inner(e.right()), metadata);
      case OR -> matches(inner(e.left()), metadata) || matches(inner(e.right()), metadata);
      case NOT -> !matches(inner(e.left()), metadata);
      case EQ -> values(e, metadata).stream().anyMatch(v -> equal(v, value(e)));
      case NE -> values(e, metadata).stream().noneMatch(v -> equal(v, value(e)));
      case GT -> values(e, metadata).stream().anyMatch(v -> order(v, value(e)) > 0);
      case GTE -> values(e, metadata).stream().anyMatch(v -> order(v, value(e)) >= 0 && order(v, value(e)) != NONE);
      case LT -> values(e, metadata).stream().anyMatch(v -> order(v, value(e)) < 0 && order(v, value(e)) != NONE);
      case LTE -> values(e, metadata).stream().anyMatch(v -> order(v, value(e)) <= 0 && order(v, value(e)) != NONE);
      case IN -> values(e, metadata).stream().anyMatch(v -> list(e).stream().anyMatch(w -> equal(v, w)));
      case NIN -> values(e, metadata).stream().noneMatch(v -> list(e).stream().anyMatch(w -> equal(v, w)));
      case ISNULL -> values(e, metadata).isEmpty();
      case ISNOTNULL -> !values(e, metadata).isEmpty();
    };
  }

  /** Stands for "these do not order against each other"; below every real order so {@code > 0} is false. */
  private static final int NONE = Integer.MIN_VALUE;

  private static Expression inner(Operand operand) {
    return operand instanceof Group group ? group.content() : (Expression) operand;
  }

  private static List<?> values(Expression e, Map<String, Object> metadata) {
    Object stored = metadata.get(((Key) e.left()).key());
    if (stored == null) {
      return List.of();
    }
    return stored instanceof List<?> list ? list : List.of(stored);
  }

  private static Object value(Expression e) {
    return ((Value) e.right()).value();
  }

  private static List<?> list(Expression e) {
    return (List<?>) value(e);
  }

  private static boolean equal(Object a, Object b) {
    if (a instanceof Boolean || b instanceof Boolean) {
      return a.equals(b);
    }
    return order(a, b) == 0;
  }

  private static int order(Object a, Object b) {
    if (isWhole(a) && isWhole(b)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    if (a instanceof Number x && b instanceof Number y) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return p < q ? -1 : (p > q ? 1 : 0);
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    return NONE;
  }

  private static boolean isWhole(Object value) {
    return value instanceof Integer || value instanceof Long;
  }

  // ---- Spring AI's text form ----

  /** The expression in the text form Spring AI's parser reads, fully parenthesised. */
  static String text(Expression e) {
    return switch (e.type()) {
      case AND -> "(" + text(inner(e.left())) + ") AND (" + text(inner(e.right())) + ")";
      case OR -> "(" + text(inner(e.left())) + ") OR (" + text(inner(e.right())) + ")";
      case NOT -> "NOT (" + text(inner(e.left())) + ")";
      case ISNULL -> key(e) + " IS NULL";
      case ISNOTNULL -> key(e) + " IS NOT NULL";
      case IN, NIN ->
          key(e) + " " + e.type() + " [" + list(e).stream().map(FilterTranslationTest::constant)
              .collect(Collectors.joining(", ")) + "]";
      default -> key(e) + " " + operator(e.type()) + " " + constant(value(e));
    };
  }

  private static String key(Expression e) {
    return ((Key) e.left()).key();
  }

  private static String operator(ExpressionType type) {
    return switch (type) {
      case EQ -> "==";
      case NE -> "!=";
      case GT -> ">";
      case GTE -> ">=";
      case LT -> "<";
      case LTE -> "<=";
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  /** A constant: strings quoted, longs with their {@code L}, floats as the decimals they equal. */
  private static String constant(Object value) {
    return switch (value) {
      case String s -> "'" + s + "'";
      case Long l -> l + "L";
      case Float f -> Double.toString(f.doubleValue());
      default -> value.toString();
    };
  }
}
