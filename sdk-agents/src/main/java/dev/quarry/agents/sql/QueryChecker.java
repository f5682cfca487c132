package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
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

/**
 * Walks a parsed query deny-by-default and returns each level's output columns with their {@link Width}:
 * every query shape, FROM item and clause it knows is checked (tables against the allow-list, names through
 * a {@link Scope} that resolves them as the database does, expressions through {@link ExpressionChecker});
 * anything else is refused as {@link SqlRefusalReason#UNSUPPORTED_CONSTRUCT} rather than ignored. Optimizer
 * hints are removed from the tree, since they are comments to the database. Throws
 * {@link SqlRefusedException} at the first offence. Holds no per-walk state, so one instance serves
 * concurrent checks.
 */
final class QueryChecker {

  private final List<AllowedTable> tables;
  private final int maxCrossJoinedTables;
  private final ExpressionChecker expressions;
  private final CteChecker ctes = new CteChecker(this);

  QueryChecker(List<AllowedTable> tables, AllowedFunctions functions, SqlDialect dialect,
      int maxCrossJoinedTables) {
    this.tables = List.copyOf(tables);
    this.maxCrossJoinedTables = maxCrossJoinedTables;
    this.expressions = new ExpressionChecker(this, functions, dialect);
  }

  /** Checks one query level in {@code scope} (made for it by the caller) and returns its output columns. */
  List<Output> checkQuery(Select select, Scope scope) {
    scope.markSeen(select);
    checkSelectLevelClauses(select);
    Scope level = ctes.define(select, scope);
    List<Output> outputs = switch (select) {
      case PlainSelect plain -> checkPlain(plain, level);
      case SetOperationList set -> Output.union(set.getSelects().stream()
          .map(branch -> checkQuery(branch, level.derived())).toList());
      case ParenthesedSelect parenthesed -> checkQuery(parenthesed.getSelect(), level.derived());
      case Values values -> checkValues(values, level);
      default -> throw unsupported("query form " + select.getClass().getSimpleName());
    };
    checkOrderBy(select.getOrderByElements(), level);
    if (select.getLimit() != null) {
      expressions.width(select.getLimit().getRowCount(), level);
      expressions.width(select.getLimit().getOffset(), level);
    }
    if (select.getOffset() != null) {
      expressions.width(select.getOffset().getOffset(), level);
    }
    if (select.getFetch() != null) {
      expressions.width(select.getFetch().getExpression(), level);
    }
    return outputs;
  }

  void checkSelectLevelClauses(Select select) {
    if (select.getForMode() != null || select.getForUpdateTable() != null || select.isSkipLocked()
        || select.getWait() != null || select.isNoWait()) {
      throw new SqlRefusedException(SqlRefusalReason.LOCKING_CLAUSE,
          "row-locking clause " + (select.getForMode() == null ? "" : "'FOR " + select.getForMode()
              .getValue() + "' ") + "is not allowed in a read-only query");
    }
    if (select.getForClause() != null || select.getIsolation() != null || select.getLimitBy() != null
        || select.getPivot() != null || select.getUnPivot() != null || select.isOracleSiblings()) {
      throw unsupported("clause in '" + select + "'");
    }
  }

  private List<Output> checkPlain(PlainSelect plain, Scope scope) {
    plain.setOracleHint(null); // a hint is a comment to the database: it never runs
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
        || plain.getPreferringClause() != null || plain.getMySqlSqlCacheFlag() != null
        || plain.getMySqlHintStraightJoin() || plain.getMySqlSqlCalcFoundRows() || plain.isUsingFinal()
        || plain.isUsingOnly() || plain.getOptimizeFor() != null || plain.getBigQuerySelectQualifier() != null
        || plain.getSampleClause() != null || plain.isEmitChanges()
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
        if (join.getOnExpressions().isEmpty() && join.getUsingColumns().isEmpty() && !join.isNatural()) {
          unconditioned++;
        }
      }
      if (unconditioned > maxCrossJoinedTables) {
        throw new SqlRefusedException(SqlRefusalReason.TOO_MANY_CROSS_JOINS, unconditioned
            + " tables are joined without ON/USING (at most " + maxCrossJoinedTables
            + "); add join conditions with JOIN ... ON");
      }
    }
    if (plain.getDistinct() != null) {
      if (plain.getDistinct().getOnSelectItems() != null) {
        plain.getDistinct().getOnSelectItems().forEach(item -> expressions.width(item.getExpression(), scope));
      }
      if (plain.getDistinct().isUseUnique()) {
        throw unsupported("SELECT UNIQUE; use SELECT DISTINCT");
      }
    }
    List<Output> outputs = new ArrayList<>();
    for (SelectItem<?> item : plain.getSelectItems()) {
      outputs.addAll(selectItem(item, scope));
      if (item.getAlias() != null) {
        scope.addSelectAlias(item.getAlias().getName());
      }
    }
    expressions.width(plain.getWhere(), scope);
    checkGroupBy(plain.getGroupBy(), scope);
    expressions.width(plain.getHaving(), scope);
    expressions.width(plain.getQualify(), scope);
    return outputs;
  }

  private List<Output> selectItem(SelectItem<?> item, Scope scope) {
    Expression expression = item.getExpression();
    if (expression instanceof AllTableColumns all) {
      scope.markSeen(all);
      scope.markSeen(all.getTable());
      if (all.getExceptColumns() != null || all.getReplaceExpressions() != null
          || all.getTable().getSchemaName() != null) {
        throw unsupported("'" + all + "'");
      }
      Source source = scope.resolve(all.getTable().getName()).orElseThrow(() -> new SqlRefusedException(
          SqlRefusalReason.COLUMN_NOT_ALLOWED, "'" + all + "' uses an unknown table or alias"));
      requireAllColumnsReadable(source, all.toString());
      return source.allColumns();
    }
    if (expression instanceof AllColumns all) {
      scope.markSeen(all);
      if (all.getExceptColumns() != null || all.getReplaceExpressions() != null) {
        throw unsupported("'" + all + "'");
      }
      List<Output> outputs = new ArrayList<>();
      for (Source source : scope.sourcesHere()) {
        requireAllColumnsReadable(source, "*");
        outputs.addAll(source.allColumns());
      }
      return outputs;
    }
    Width width = expressions.width(expression, scope);
    String name = item.getAlias() != null ? item.getAlias().getName()
        : expression instanceof Column column ? column.getColumnName() : null;
    return List.of(Output.named(name, width));
  }

  private static void requireAllColumnsReadable(Source source, String written) {
    source.restrictedTables().stream().findFirst().ifPresent(t -> {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED, "'" + written + "' reads table '"
          + t.displayName() + "' which has a column allow-list; name the columns instead");
    });
  }

  private List<Output> checkValues(Values values, Scope scope) {
    List<List<Output>> rows = new ArrayList<>();
    for (Expression row : values.getExpressions()) {
      List<Output> outputs = new ArrayList<>();
      if (row instanceof ExpressionList<?> list) {
        scope.markSeen(list);
        for (Expression value : list) {
          outputs.add(Output.named(null, expressions.width(value, scope)));
        }
      } else {
        outputs.add(Output.named(null, expressions.width(row, scope)));
      }
      rows.add(outputs);
    }
    return rows.isEmpty() ? List.of() : Output.union(rows);
  }

  private void checkJoin(Join join, Scope scope) {
    if (join.isApply() || join.isSemi() || join.isStraight() || join.isGlobal() || join.getJoinWindow() != null
        || join.getJoinHint() != null) {
      throw unsupported("join form '" + join + "'");
    }
    checkFromItem(join.getRightItem(), scope);
    if (join.isNatural() && scope.visibleSources().stream().anyMatch(s -> !s.restrictedTables().isEmpty())) {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED,
          "NATURAL JOIN compares hidden columns of tables with a column allow-list; use ON");
    }
    for (Expression on : join.getOnExpressions()) {
      expressions.width(on, scope);
    }
    for (Column column : join.getUsingColumns()) {
      if (column.getTable() != null) {
        throw unsupported("qualified USING column '" + column + "'");
      }
      expressions.checkColumn(column, scope);
    }
  }

  /** Checks a FROM item and adds what it exposes to {@code scope}. */
  private void checkFromItem(FromItem item, Scope scope) {
    if (item.getPivot() != null || item.getUnPivot() != null) {
      throw unsupported("PIVOT/UNPIVOT");
    }
    Alias alias = item.getAlias();
    switch (item) {
      case Table table -> checkTable(table, scope);
      case LateralSubSelect lateral -> {
        if (lateral.getPrefix() != null && !lateral.getPrefix().equalsIgnoreCase("LATERAL")) {
          throw unsupported("'" + lateral.getPrefix() + "' subquery");
        }
        expose(scope, alias, Source.derived(checkQuery(lateral, scope.nested()), columns(alias), scope::key));
      }
      case ParenthesedSelect select ->
          expose(scope, alias, Source.derived(checkQuery(select, scope.derived()), columns(alias), scope::key));
      case TableFunction function -> {
        scope.markSeen(function);
        if (function.getPrefix() != null && !function.getPrefix().equalsIgnoreCase("LATERAL")
            || function.getWithClause() != null) {
          throw unsupported("table function form '" + function + "'");
        }
        Width width = expressions.width(function.getFunction(), scope);
        String name = alias == null ? function.getFunction().getName() : alias.getName();
        scope.addSource(name, Source.derived(List.of(Output.named(name, width)), columns(alias), scope::key));
      }
      case ParenthesedFromItem parenthesed -> checkParenthesedJoin(parenthesed, scope);
      default -> throw unsupported("FROM item " + item.getClass().getSimpleName() + " '" + item + "'");
    }
  }

  /**
   * {@code (a JOIN b ON ...)}: without an alias its members are visible as if written without parentheses;
   * with one, only the alias is, and it stands for every member at once.
   */
  private void checkParenthesedJoin(ParenthesedFromItem parenthesed, Scope scope) {
    if (parenthesed.getSampleClause() != null) {
      throw unsupported("TABLESAMPLE");
    }
    Scope members = parenthesed.getAlias() == null ? scope : scope.derived();
    checkFromItem(parenthesed.getFromItem(), members);
    if (parenthesed.getJoins() != null) {
      parenthesed.getJoins().forEach(join -> checkJoin(join, members));
    }
    if (parenthesed.getAlias() != null) {
      if (parenthesed.getAlias().getAliasColumns() != null) {
        throw unsupported("column list on a parenthesised join's alias");
      }
      scope.addSource(parenthesed.getAlias().getName(), Source.union(members.sourcesHere()));
    }
  }

  private void checkTable(Table table, Scope scope) {
    scope.markSeen(table);
    if (table.getIndexHint() != null || table.getSqlServerHints() != null || table.getSampleClause() != null) {
      throw unsupported("table clause in '" + table + "'");
    }
    List<String> parts = new ArrayList<>();
    if (table.getDatabase() != null && table.getDatabase().getDatabaseName() != null) {
      parts.add(table.getDatabase().getDatabaseName());
    }
    if (table.getSchemaName() != null) {
      parts.add(table.getSchemaName());
    }
    parts.add(table.getName());
    Alias alias = table.getAlias();
    String exposed = alias == null ? table.getName() : alias.getName();
    if (parts.size() == 1) {
      var cte = scope.cte(table.getName());
      if (cte.isPresent()) {
        Source source = cte.get().source();
        scope.addSource(exposed, alias == null || alias.getAliasColumns() == null ? source
            : Source.derived(source.allColumns(), columns(alias), scope::key));
        if (alias == null) {
          table.setAlias(new Alias(table.getName(), false)); // so that qualifiers keep naming it
        }
        table.setName(cte.get().runName());
        return;
      }
    }
    AllowedTable allowed = tables.stream().filter(t -> t.matches(parts)).findFirst()
        .orElseThrow(() -> new SqlRefusedException(SqlRefusalReason.TABLE_NOT_ALLOWED,
            "table '" + String.join(".", parts) + "' is not on the allow-list"));
    if (alias != null && alias.getAliasColumns() != null && allowed.restrictsColumns()) {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED, "column aliases on table '"
          + allowed.displayName() + "' rename hidden columns; select the allowed columns by name");
    }
    scope.addSource(exposed, Source.table(allowed));
  }

  private static List<String> columns(Alias alias) {
    if (alias == null || alias.getAliasColumns() == null) {
      return List.of();
    }
    for (Alias.AliasColumn column : alias.getAliasColumns()) {
      if (column.colDataType != null) {
        throw unsupported("typed column alias in '" + alias + "'");
      }
    }
    return alias.getAliasColumns().stream().map(c -> c.name).toList();
  }

  private static void expose(Scope scope, Alias alias, Source source) {
    if (alias == null) {
      scope.addAnonymousSource(source);
    } else {
      scope.addSource(alias.getName(), source);
    }
  }

  private void checkGroupBy(GroupByElement groupBy, Scope scope) {
    if (groupBy == null) {
      return;
    }
    expressions.width(groupBy.getGroupByExpressionList(), scope);
    if (groupBy.getGroupingSets() != null) {
      groupBy.getGroupingSets().forEach(set -> expressions.width(set, scope));
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
        expressions.width(element.getExpression(), scope);
      }
    }
  }

  private static SqlRefusedException unsupported(String what) {
    return new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "unsupported " + what);
  }
}
