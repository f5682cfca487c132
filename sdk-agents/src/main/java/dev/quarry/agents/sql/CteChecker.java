package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Checks a WITH list for the {@link QueryChecker}: each CTE's body in the scope the database gives it (the
 * CTEs before it, never itself unless the list is RECURSIVE), and each CTE defined under a generated name
 * (see {@link Scope.Cte}). A data-modifying CTE is refused. Holds no per-walk state.
 */
final class CteChecker {

  private final QueryChecker queries;

  CteChecker(QueryChecker queries) {
    this.queries = queries;
  }

  /** The level's scope: {@code scope} itself, or with the select's WITH list defined in it. */
  Scope define(Select select, Scope scope) {
    List<WithItem<?>> items = select.getWithItemsList();
    if (items == null || items.isEmpty()) {
      return scope;
    }
    Scope level = scope.withCteList(items.stream().map(WithItem::getAliasName).toList());
    boolean recursive = items.stream().anyMatch(WithItem::isRecursive);
    for (WithItem<?> item : items) {
      checkWithItem(item, level, recursive);
    }
    return level;
  }

  /**
   * Checks one CTE and defines it under a new name (see {@link Scope.Cte}). In a recursive WITH list a CTE
   * whose body is {@code anchor UNION [ALL] step ...} may name itself in the FROM clause of the steps, where
   * its columns count as depending on the previous row; anywhere else its own name is refused.
   */
  private void checkWithItem(WithItem<?> item, Scope level, boolean recursive) {
    String name = item.getAliasName();
    Object body = item.getParenthesedStatement();
    if (!(body instanceof ParenthesedSelect select)) {
      throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA,
          "common table expression '" + name + "' modifies data (" + body + ")");
    }
    List<String> columnNames = new ArrayList<>();
    if (item.getWithItemList() != null) { // the CTE's own column names, not column reads
      for (SelectItem<?> column : item.getWithItemList()) {
        level.markSeen(column.getExpression());
        columnNames.add(column.getExpression() instanceof Column c ? c.getColumnName() : String.valueOf(column));
      }
    }
    String runName = level.newCteName();
    List<Output> outputs = recursive && isRecursiveUnion(select)
        ? checkRecursiveUnion(select, level, name, new Scope.Cte(runName, Source.recursiveReference()))
        : queries.checkQuery(select, level.derived());
    item.setAlias(new Alias(runName, false));
    level.defineCte(name, new Scope.Cte(runName, Source.derived(outputs, columnNames, level::key)));
  }

  private static boolean isRecursiveUnion(ParenthesedSelect body) {
    return body.getSelect() instanceof SetOperationList set && set.getSelects().size() > 1
        && set.getOperations().stream().allMatch(op -> op instanceof UnionOp)
        && set.getWithItemsList() == null && set.getOrderByElements() == null && set.getLimit() == null
        && set.getOffset() == null && set.getFetch() == null && body.getOrderByElements() == null
        && body.getLimit() == null && body.getOffset() == null && body.getFetch() == null;
  }

  private List<Output> checkRecursiveUnion(ParenthesedSelect body, Scope level, String name, Scope.Cte self) {
    SetOperationList set = (SetOperationList) body.getSelect();
    level.markSeen(body);
    level.markSeen(set);
    queries.checkSelectLevelClauses(body);
    queries.checkSelectLevelClauses(set);
    List<List<Output>> branches = new ArrayList<>();
    branches.add(queries.checkQuery(set.getSelects().get(0), level.derived()));
    for (Select step : set.getSelects().subList(1, set.getSelects().size())) {
      branches.add(queries.checkQuery(step, level.recursiveBranch(name, self)));
    }
    // seen from outside, the values no longer depend on a previous row
    return Output.union(branches).stream()
        .map(o -> new Output(o.name(), new Width(o.width().copies(), false), o.wildcard())).toList();
  }

}
