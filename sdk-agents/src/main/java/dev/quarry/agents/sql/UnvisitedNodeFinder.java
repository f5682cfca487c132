package dev.quarry.agents.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The deny-by-default safety net behind the typed walk: after {@link QueryChecker} has checked a query,
 * this finder reflects over the whole parsed tree and reports the first table, column, function or
 * subquery node the walk never checked (one inside a construct the walk does not understand). Such a
 * query is refused instead of slipping through. Stateless and thread-safe.
 */
final class UnvisitedNodeFinder {

  private static final Map<Class<?>, Field[]> FIELDS = Collections.synchronizedMap(new IdentityHashMap<>());

  /** Throws {@link SqlRefusedException} when {@code root} holds a checkable node missing from {@code seen}. */
  void requireAllSeen(Object root, Set<Object> seen) {
    Set<Object> walked = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (node == null || !walked.add(node)) {
        continue;
      }
      if (isCheckable(node) && !seen.contains(node)) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
            "unsupported construct around '" + node + "': it was not checked, so it is refused");
      }
      children(node, pending);
    }
  }

  private static boolean isCheckable(Object node) {
    return node instanceof Table || node instanceof Column || node instanceof Function
        || node instanceof AnalyticExpression || node instanceof Select;
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
    return name.startsWith("net.sf.jsqlparser.") && !name.startsWith("net.sf.jsqlparser.parser.");
  }

  private static Field[] fields(Class<?> type) {
    return FIELDS.computeIfAbsent(type, t -> {
      java.util.List<Field> result = new java.util.ArrayList<>();
      for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()
              && !f.getType().getName().startsWith("net.sf.jsqlparser.parser.")
              && f.getType() != String.class) {
            f.setAccessible(true);
            result.add(f);
          }
        }
      }
      return result.toArray(Field[]::new);
    });
  }
}
