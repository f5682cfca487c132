package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Walks a parsed query deny-by-default: every query shape, FROM item and clause it knows is checked
 * (tables against the allow-list, expressions through {@link ExpressionChecker}); anything else is refused
 * as {@link SqlRefusalReason#UNSUPPORTED_CONSTRUCT} rather than ignored. Throws {@link SqlRefusedException}
 * at the first offence. Holds no per-walk state, so one instance serves concurrent checks.
 */
final class QueryChecker {

  private final List<AllowedTable> tables;
  private final int maxCrossJoinedTables;
  private final ExpressionChecker expressions;

  QueryChecker(List<AllowedTable> tables, DeniedFunctions deniedFunctions, int maxCrossJoinedTables) {
    this.tables = List.copyOf(tables);
    this.maxCrossJoinedTables = maxCrossJoinedTables;
    this.expressions = new ExpressionChecker(this, deniedFunctions);
  }

  void checkSelect(Select select, Scope outer) {
    Scope scope = new Scope(outer);
    scope.markSeen(select);
    checkSelectLevelClauses(select);
    if (select.getWithItemsList() != null) {
      for (WithItem<?> item : select.getWithItemsList()) {
        checkWithItem(item, scope);
      }
    }
    switch (select) {
      case PlainSelect plain -> checkPlain(plain, scope);
      case SetOperationList set -> set.getSelects().forEach(s -> checkSelect(s, scope));
      case ParenthesedSelect parenthesed -> checkSelect(parenthesed.getSelect(), scope);
      case Values values -> check(values.getExpressions(), scope);
      default -> throw unsupported("query form " + select.getClass().getSimpleName());
    }
    checkOrderBy(select.getOrderByElements(), scope);
    if (select.getLimit() != null) {
      check(select.getLimit().getRowCount(), scope);
      check(select.getLimit().getOffset(), scope);
    }
    if (select.getOffset() != null) {
      check(select.getOffset().getOffset(), scope);
    }
  }

  private void checkSelectLevelClauses(Select select) {
    if (select.getForMode() != null || select.getForUpdateTable() != null || select.isSkipLocked()
        || select.getWait() != null || select.isNoWait()) {
      throw new SqlRefusedException(SqlRefusalReason.LOCKING_CLAUSE,
          "row-locking clause " + (select.getForMode() == null ? "" : "'FOR " + select.getForMode()
              .getValue() + "' ") + "is not allowed in a read-only query");
    }
    if (select.getForClause() != null || select.getIsolation() != null || select.getLimitBy() != null
        || select.getPivot() != null || select.getUnPivot() != null) {
      throw unsupported("clause in '" + select + "'");
    }
  }

  private void checkWithItem(WithItem<?> item, Scope scope) {
    String name = item.getAliasName();
    Object body = item.getParenthesedStatement();
    if (!(body instanceof ParenthesedSelect select)) {
      throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA,
          "common table expression '" + name + "' modifies data (" + body + ")");
    }
    if (item.getWithItemList() != null) { // the CTE's own column names, not column reads
      item.getWithItemList().forEach(column -> scope.markSeen(column.getExpression()));
    }
    scope.addCte(name);
    checkSelect(select, scope);
  }

  private void checkPlain(PlainSelect plain, Scope scope) {
    if (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty() || plain.getIntoTempTable() != null) {
      throw new SqlRefusedException(SqlRefusalReason.SELECT_INTO,
          "SELECT INTO creates a table; only plain SELECT is allowed");
    }
    if (plain.getTop() != null) {
      throw unsupported("row limit 'TOP " + plain.getTop().getExpression() + "'; use LIMIT instead");
    }
    if (plain.getLateralViews() != null && !plain.getLateralViews().isEmpty()
        || plain.getOracleHierarchical() != null || plain.getSkip() != null || plain.getFirst() != null
        || plain.getKsqlWindow() != null || plain.getForXmlPath() != null
        || plain.getPreferringClause() != null
        || plain.getWindowDefinitions() != null && !plain.getWindowDefinitions().isEmpty()) {
      throw unsupported("clause in '" + plain + "'");
    }
    if (plain.getFromItem() != null) {
      checkFromItem(plain.getFromItem(), scope);
    }
    if (plain.getJoins() != null) {
      int unconditioned = 1;
      for (Join join : plain.getJoins()) {
        checkJoin(join, scope);
        if (join.getOnExpressions().isEmpty() && (join.getUsingColumns() == null
            || join.getUsingColumns().isEmpty()) && !join.isNatural()) {
          unconditioned++;
        }
      }
      if (unconditioned > maxCrossJoinedTables) {
        throw new SqlRefusedException(SqlRefusalReason.TOO_MANY_CROSS_JOINS, unconditioned
            + " tables are joined without ON/USING (at most " + maxCrossJoinedTables
            + "); add join conditions with JOIN ... ON");
      }
    }
    if (plain.getDistinct() != null && plain.getDistinct().getOnSelectItems() != null) {
      plain.getDistinct().getOnSelectItems().forEach(item -> check(item.getExpression(), scope));
    }
    for (SelectItem<?> item : plain.getSelectItems()) {
      check(item.getExpression(), scope);
      if (item.getAlias() != null) {
        scope.addSelectAlias(item.getAlias().getName());
      }
    }
    check(plain.getWhere(), scope);
    checkGroupBy(plain.getGroupBy(), scope);
    check(plain.getHaving(), scope);
    check(plain.getQualify(), scope);
  }

  private void checkJoin(Join join, Scope scope) {
    checkFromItem(join.getRightItem(), scope);
    if (join.isNatural() && !scope.restrictedTables().isEmpty()) {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED,
          "NATURAL JOIN compares hidden columns of tables with a column allow-list; use ON");
    }
    for (Expression on : join.getOnExpressions()) {
      check(on, scope);
    }
    for (Column column : join.getUsingColumns() == null ? List.<Column>of() : join.getUsingColumns()) {
      expressions.checkColumn(column, scope);
    }
  }

  private void checkFromItem(FromItem item, Scope scope) {
    if (item.getPivot() != null || item.getUnPivot() != null) {
      throw unsupported("PIVOT/UNPIVOT");
    }
    String alias = item.getAlias() == null ? null : item.getAlias().getName();
    switch (item) {
      case Table table -> checkTable(table, alias, scope);
      case LateralSubSelect lateral -> {
        scope.markSeen(lateral);
        checkSelect(lateral.getSelect(), scope);
        register(scope, alias);
      }
      case ParenthesedSelect select -> {
        checkSelect(select, scope);
        register(scope, alias);
      }
      case TableFunction function -> {
        scope.markSeen(function);
        check(function.getFunction(), scope);
        register(scope, alias == null ? function.getFunction().getName() : alias);
      }
      case ParenthesedFromItem parenthesed -> {
        checkFromItem(parenthesed.getFromItem(), scope);
        if (parenthesed.getJoins() != null) {
          parenthesed.getJoins().forEach(join -> checkJoin(join, scope));
        }
      }
      default -> throw unsupported("FROM item " + item.getClass().getSimpleName() + " '" + item + "'");
    }
  }

  private static void register(Scope scope, String alias) {
    if (alias != null) {
      scope.addSource(alias, null);
    }
  }

  private void checkTable(Table table, String alias, Scope scope) {
    scope.markSeen(table);
    List<String> parts = new ArrayList<>();
    if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
      parts.add(table.getDatabase().getDatabaseName());
    }
    if (table.getSchemaName() != null) {
      parts.add(table.getSchemaName());
    }
    parts.add(table.getName());
    if (parts.size() == 1 && scope.isCte(table.getName())) {
      scope.addSource(alias == null ? table.getName() : alias, null);
      return;
    }
    AllowedTable allowed = tables.stream().filter(t -> t.matches(parts)).findFirst()
        .orElseThrow(() -> new SqlRefusedException(SqlRefusalReason.TABLE_NOT_ALLOWED,
            "table '" + String.join(".", parts) + "' is not on the allow-list"));
    scope.addSource(alias == null ? table.getName() : alias, allowed);
  }

  private void checkGroupBy(GroupByElement groupBy, Scope scope) {
    if (groupBy == null) {
      return;
    }
    check(groupBy.getGroupByExpressionList(), scope);
    if (groupBy.getGroupingSets() != null) {
      groupBy.getGroupingSets().forEach(set -> check(set, scope));
    }
  }

  /**
   * A bare name in ORDER BY may be an output alias (the database prefers the alias there); anywhere
   * else, including inside an ORDER BY expression, a name is an input column and is checked as one.
   */
  private void checkOrderBy(List<OrderByElement> orderBy, Scope scope) {
    if (orderBy == null) {
      return;
    }
    for (OrderByElement element : orderBy) {
      if (element.getExpression() instanceof Column column && column.getTable() == null
          && scope.isSelectAlias(column.getColumnName())) {
        scope.markSeen(column);
      } else {
        check(element.getExpression(), scope);
      }
    }
  }

  private void check(Expression expression, Scope scope) {
    if (expression != null) {
      expression.accept(expressions, scope);
    }
  }

  private static SqlRefusedException unsupported(String what) {
    return new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "unsupported " + what);
  }
}
