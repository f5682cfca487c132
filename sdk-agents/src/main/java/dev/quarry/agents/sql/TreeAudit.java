package dev.quarry.agents.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The deny-by-default safety net behind the typed walk. After {@link QueryChecker} has checked a query,
 * this audit reflects over the whole parsed tree and refuses it when it holds
 * <ul>
 *   <li>a node of a type outside {@link #ALLOWED_TYPES}: JSqlParser knows a great many constructs of many
 *       dialects (JSON functions, {@code ARRAY(subquery)}, XML, MySQL variables, hints, ...), and only the
 *       ones the walk has rules for may appear; or</li>
 *   <li>a table, column, function, cast, pattern match or subquery the walk never checked (one inside a
 *       construct it does not understand).</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class TreeAudit {

  /** The JSqlParser node types a checked query may contain (enums, being flags, are always allowed). */
  static final Set<String> ALLOWED_TYPES = Set.of(
      // query shapes and clauses
      "statement.select.PlainSelect", "statement.select.SetOperationList", "statement.select.ParenthesedSelect",
      "statement.select.LateralSubSelect", "statement.select.Values", "statement.select.WithItem",
      "statement.select.SelectItem", "statement.select.Join", "statement.select.Limit",
      "statement.select.Offset", "statement.select.Fetch", "statement.select.OrderByElement",
      "statement.select.GroupByElement", "statement.select.Distinct", "statement.select.ParenthesedFromItem",
      "statement.select.TableFunction", "statement.select.AllColumns", "statement.select.AllTableColumns",
      "statement.select.UnionOp", "statement.select.IntersectOp", "statement.select.ExceptOp",
      "statement.select.MinusOp", "statement.create.table.ColDataType",
      // names
      "schema.Table", "schema.Column", "schema.Database", "expression.Alias", "expression.Alias$AliasColumn",
      // values
      "expression.LongValue", "expression.DoubleValue", "expression.StringValue", "expression.NullValue",
      "expression.DateValue", "expression.TimeValue", "expression.TimestampValue", "expression.HexValue",
      "expression.BooleanValue", "expression.AllValue", "expression.TimeKeyExpression",
      "expression.DateTimeLiteralExpression",
      "expression.IntervalExpression",
      // operators
      "expression.SignedExpression", "expression.NotExpression", "expression.operators.arithmetic.Addition",
      "expression.operators.arithmetic.Subtraction", "expression.operators.arithmetic.Multiplication",
      "expression.operators.arithmetic.Division", "expression.operators.arithmetic.IntegerDivision",
      "expression.operators.arithmetic.Modulo", "expression.operators.arithmetic.Concat",
      "expression.operators.conditional.AndExpression", "expression.operators.conditional.OrExpression",
      "expression.operators.relational.EqualsTo", "expression.operators.relational.NotEqualsTo",
      "expression.operators.relational.GreaterThan", "expression.operators.relational.GreaterThanEquals",
      "expression.operators.relational.MinorThan", "expression.operators.relational.MinorThanEquals",
      "expression.operators.relational.Between", "expression.operators.relational.InExpression",
      "expression.operators.relational.IsNullExpression", "expression.operators.relational.IsBooleanExpression",
      "expression.operators.relational.IsDistinctExpression", "expression.operators.relational.LikeExpression",
      "expression.operators.relational.ExistsExpression", "expression.operators.relational.ExpressionList",
      "expression.operators.relational.ParenthesedExpressionList", "expression.AnyComparisonExpression",
      // functions and the like
      "expression.Function", "expression.AnalyticExpression", "expression.WindowDefinition",
      "expression.WindowElement", "expression.operators.relational.NamedExpressionList",
      "expression.WindowOffset", "expression.WindowRange", "expression.PartitionByClause",
      "expression.OrderByClause", "expression.CaseExpression", "expression.WhenClause",
      "expression.CastExpression", "expression.ExtractExpression", "expression.TrimFunction",
      "expression.CollateExpression", "expression.TimezoneExpression");

  private static final String PACKAGE = "net.sf.jsqlparser.";
  private static final Map<Class<?>, Field[]> FIELDS = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * Throws {@link SqlRefusedException} when {@code root} holds a node of a type that is not allowed, or a
   * checkable node missing from {@code seen}.
   */
  void require(Object root, Set<Object> seen) {
    Set<Object> walked = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (node == null || !walked.add(node)) {
        continue;
      }
      if (isAstClass(node.getClass()) && !node.getClass().isEnum() && !isAllowed(node.getClass())) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "unsupported "
            + node.getClass().getSimpleName() + " '" + cut(node) + "': only plain SELECT constructs are allowed");
      }
      if (isCheckable(node) && !seen.contains(node)) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
            "unsupported construct around '" + cut(node) + "': it was not checked, so it is refused");
      }
      children(node, pending);
    }
  }

  private static boolean isAllowed(Class<?> type) {
    return ALLOWED_TYPES.contains(type.getName().substring(PACKAGE.length()));
  }

  private static boolean isCheckable(Object node) {
    return node instanceof Table || node instanceof Column || node instanceof Function
        || node instanceof AnalyticExpression || node instanceof Select || node instanceof CastExpression
        || node instanceof LikeExpression;
  }

  private static void children(Object node, Deque<Object> pending) {
    if (node instanceof Iterable<?> iterable) {
      iterable.forEach(child -> push(pending, child));
      return;
    }
    if (node instanceof Object[] array) {
      for (Object element : array) {
        push(pending, element);
      }
      return;
    }
    if (!isAstClass(node.getClass())) {
      return;
    }
    for (Field field : fields(node.getClass())) {
      try {
        push(pending, field.get(node));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + field, e);
      }
    }
  }

  private static void push(Deque<Object> pending, Object node) {
    if (node != null) {
      pending.push(node);
    }
  }

  private static boolean isAstClass(Class<?> type) {
    String name = type.getName();
    return name.startsWith(PACKAGE) && !name.startsWith(PACKAGE + "parser.");
  }

  private static String cut(Object node) {
    String text = String.valueOf(node);
    return text.length() > 120 ? text.substring(0, 120) + "..." : text;
  }

  private static Field[] fields(Class<?> type) {
    return FIELDS.computeIfAbsent(type, t -> {
      List<Field> result = new ArrayList<>();
      for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()
              && !f.getType().getName().startsWith(PACKAGE + "parser.") && f.getType() != String.class) {
            f.setAccessible(true);
            result.add(f);
          }
        }
      }
      return result.toArray(Field[]::new);
    });
  }
}
