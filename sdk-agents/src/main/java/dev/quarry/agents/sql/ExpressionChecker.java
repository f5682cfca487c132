package dev.quarry.agents.sql;

import java.util.List;
import java.util.Set;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks an expression tree with JSqlParser's visitor (the context argument is the current {@link Scope}):
 * checks every function call against the deny-list and every column against the column allow-lists, and
 * hands subqueries back to the {@link QueryChecker}. Node types that could write or set state (sequence
 * advance, variable assignment) are refused. Stateless apart from its collaborators.
 */
final class ExpressionChecker extends ExpressionVisitorAdapter<Void> {

  /** Keywords JSqlParser reads as unqualified columns. */
  private static final Set<String> PSEUDO_COLUMNS = Set.of("current_date", "current_time",
      "current_timestamp", "localtime", "localtimestamp", "true", "false", "null");

  private final QueryChecker queries;
  private final DeniedFunctions deniedFunctions;

  ExpressionChecker(QueryChecker queries, DeniedFunctions deniedFunctions) {
    this.queries = queries;
    this.deniedFunctions = deniedFunctions;
  }

  @Override
  public <S> Void visit(Function function, S context) {
    ((Scope) context).markSeen(function);
    if (deniedFunctions.isDenied(function.getMultipartName())) {
      throw new SqlRefusedException(SqlRefusalReason.FUNCTION_DENIED,
          "function '" + function.getName() + "' is not allowed");
    }
    if (function.getParameters() != null) {
      for (Expression parameter : function.getParameters()) {
        if (!(parameter instanceof AllColumns)) { // count(*) counts rows, it reads no column
          parameter.accept(this, context);
        }
      }
    }
    if (function.getNamedParameters() != null) {
      function.getNamedParameters().forEach(e -> e.accept(this, context));
    }
    if (function.getAttribute() instanceof Expression attribute) {
      attribute.accept(this, context);
    }
    if (function.getHavingClause() != null) {
      function.getHavingClause().getExpression().accept(this, context);
    }
    visitOrderBy(function.getOrderByElements(), context);
    if (function.getKeep() != null) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "unsupported KEEP in '" + function + "'");
    }
    return null;
  }

  @Override
  public <S> Void visit(AnalyticExpression analytic, S context) {
    ((Scope) context).markSeen(analytic);
    if (analytic.getKeep() != null || analytic.getWindowName() != null) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "unsupported window form in '" + analytic + "'");
    }
    if (deniedFunctions.isDenied(List.of(analytic.getName()))) {
      throw new SqlRefusedException(SqlRefusalReason.FUNCTION_DENIED,
          "function '" + analytic.getName() + "' is not allowed");
    }
    for (Expression e : new Expression[] {analytic.getExpression(), analytic.getOffset(),
        analytic.getDefaultValue(), analytic.getFilterExpression(), analytic.getPartitionExpressionList()}) {
      if (e != null) {
        e.accept(this, context);
      }
    }
    visitOrderBy(analytic.getOrderByElements(), context);
    visitOrderBy(analytic.getFuncOrderBy(), context);
    WindowElement window = analytic.getWindowElement();
    if (window != null) {
      for (WindowOffset offset : new WindowOffset[] {window.getOffset(),
          window.getRange() == null ? null : window.getRange().getStart(),
          window.getRange() == null ? null : window.getRange().getEnd()}) {
        if (offset != null && offset.getExpression() != null) {
          offset.getExpression().accept(this, context);
        }
      }
    }
    return null;
  }

  private <S> void visitOrderBy(List<OrderByElement> orderBy, S context) {
    if (orderBy != null) {
      orderBy.forEach(element -> element.getExpression().accept(this, context));
    }
  }

  @Override
  public <S> Void visit(Column column, S context) {
    checkColumn(column, (Scope) context);
    return null;
  }

  @Override
  public <S> Void visit(ParenthesedSelect select, S context) {
    queries.checkSelect(select, (Scope) context);
    return null;
  }

  @Override
  public <S> Void visit(Select select, S context) {
    queries.checkSelect(select, (Scope) context);
    return null;
  }

  @Override
  public <S> Void visit(AnyComparisonExpression any, S context) {
    queries.checkSelect(any.getSelect(), (Scope) context);
    return null;
  }

  @Override
  public <S> Void visit(AllColumns allColumns, S context) {
    Scope scope = (Scope) context;
    if (scope.hasRestrictedSourceHere()) {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED,
          "'*' reads a table with a column allow-list; name the columns instead");
    }
    return null;
  }

  @Override
  public <S> Void visit(AllTableColumns allTableColumns, S context) {
    Table table = allTableColumns.getTable();
    ((Scope) context).markSeen(table);
    ((Scope) context).resolve(table.getName()).filter(AllowedTable::restrictsColumns).ifPresent(t -> {
      throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED,
          "'" + table.getName() + ".*' reads table '" + t.displayName()
              + "' which has a column allow-list; name the columns instead");
    });
    return null;
  }

  @Override
  public <S> Void visit(NextValExpression expression, S context) {
    throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA,
        "'" + expression + "' advances a sequence");
  }

  @Override
  public <S> Void visit(VariableAssignment expression, S context) {
    throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA,
        "'" + expression + "' assigns a variable");
  }

  void checkColumn(Column column, Scope scope) {
    scope.markSeen(column);
    scope.markSeen(column.getTable());
    String name = column.getColumnName();
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      var source = scope.resolve(qualifier.getName());
      if (source == null) {
        throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED,
            "column '" + column + "' uses an unknown table or alias '" + qualifier.getName() + "'");
      }
      source.filter(t -> !t.allowsColumn(name)).ifPresent(t -> {
        throw notAllowed(name, t);
      });
      return;
    }
    if (PSEUDO_COLUMNS.contains(Identifiers.lower(name))) {
      return;
    }
    for (AllowedTable table : scope.restrictedTables()) {
      if (!table.allowsColumn(name)) {
        throw notAllowed(name, table);
      }
    }
  }

  private static SqlRefusedException notAllowed(String column, AllowedTable table) {
    return new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED, "column '" + column
        + "' is not allowed for table '" + table.displayName()
        + "' (allowed: " + String.join(", ", table.columns().stream().sorted().toList())
        + "; qualify columns when several tables are in scope)");
  }
}
