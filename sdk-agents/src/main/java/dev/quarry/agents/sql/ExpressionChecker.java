package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NamedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks an expression tree with JSqlParser's visitor (the context argument is the current {@link Scope}) and
 * returns the {@link Width} of its value: checks every function against the dialect's allow-list, every cast
 * against {@link CastTypes}, every column against the column allow-lists (through the source its qualifier
 * names, or every visible source when unqualified), every LIKE pattern against backtracking, and hands
 * subqueries back to the {@link QueryChecker}. Node types it has no rule for are refused afterwards by
 * {@link TreeAudit}. Stateless apart from its collaborators.
 */
final class ExpressionChecker extends ExpressionVisitorAdapter<Width> {

  /** Keywords JSqlParser reads as unqualified columns. */
  private static final Set<String> PSEUDO_COLUMNS = Set.of("current_date", "current_time",
      "current_timestamp", "localtime", "localtimestamp", "true", "false", "null");
  private static final Pattern HUGE_EXPONENT =
      Pattern.compile("[0-9.]\\s*[eE]\\s*[+-]?\\s*([0-9]+)");
  /** Most {@code %} wildcards in a LIKE pattern, which may only open or close it. */
  private static final int MAX_LIKE_WILDCARDS = 2;

  private final QueryChecker queries;
  private final AllowedFunctions functions;
  private final SqlDialect dialect;

  ExpressionChecker(QueryChecker queries, AllowedFunctions functions, SqlDialect dialect) {
    this.queries = queries;
    this.functions = functions;
    this.dialect = dialect;
  }

  /** The width of {@code expression}, checking it on the way; {@link Width#NONE} for null. */
  Width width(Expression expression, Scope scope) {
    if (expression == null) {
      return Width.NONE;
    }
    Width width = expression.accept(this, scope);
    return width == null ? Width.NONE : width;
  }

  @Override
  protected <S> Width visitExpression(Expression expression, S context) {
    return Width.NONE;
  }

  /** Default for nodes with sub-expressions: as wide as the widest of them (cautious). */
  @Override
  protected <S> Width visitExpressions(Expression expression, S context, Collection<Expression> children) {
    Width widest = Width.NONE;
    for (Expression child : children) {
      widest = widest.max(width(child, (Scope) context));
    }
    return widest;
  }

  /** Arithmetic, comparisons and logic give numbers and booleans; their operands are still checked. */
  @Override
  protected <S> Width visitBinaryExpression(BinaryExpression expression, S context) {
    width(expression.getLeftExpression(), (Scope) context);
    width(expression.getRightExpression(), (Scope) context);
    return Width.NONE;
  }

  @Override
  public <S> Width visit(Concat concat, S context) {
    Scope scope = (Scope) context;
    return Width.concatenation(List.of(width(concat.getLeftExpression(), scope),
        width(concat.getRightExpression(), scope)), concat);
  }

  @Override
  public <S> Width visit(Function function, S context) {
    Scope scope = (Scope) context;
    scope.markSeen(function);
    AllowedFunctions.Result result = functions.lookup(function.getMultipartName())
        .orElseThrow(() -> notAllowed(function.getName()));
    if (function.getKeep() != null || function.getAttribute() != null
        || function.getHavingClause() != null || function.getLimit() != null || function.isEscaped()
        || function.getOnOverflowTruncate() != null) {
      throw unsupported("function form '" + function + "'");
    }
    List<Width> arguments = new ArrayList<>();
    if (function.getParameters() != null) {
      for (Expression parameter : function.getParameters()) {
        if (parameter.getClass() == AllColumns.class && ((AllColumns) parameter).getExceptColumns() == null
            && ((AllColumns) parameter).getReplaceExpressions() == null
            && function.getName().equalsIgnoreCase("count")) {
          scope.markSeen(parameter); // count(*) counts rows, it reads no column
        } else {
          arguments.add(width(parameter, scope));
        }
      }
    }
    if (function.getNamedParameters() != null) { // SUBSTRING(s FROM 1 FOR 3), POSITION('a' IN s)
      NamedExpressionList<?> named = function.getNamedParameters();
      if (named.getNames() != null && !named.getNames().stream().allMatch(ExpressionChecker::isParameterKeyword)) {
        throw unsupported("function form '" + function + "'");
      }
      scope.markSeen(named);
      named.forEach(parameter -> arguments.add(width(parameter, scope)));
    }
    orderBy(function.getOrderByElements(), scope);
    return combine(result, arguments, function);
  }

  private static boolean isParameterKeyword(String name) {
    return name == null || name.isBlank()
        || Set.of("from", "for", "in").contains(name.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public <S> Width visit(AnalyticExpression analytic, S context) {
    Scope scope = (Scope) context;
    scope.markSeen(analytic);
    if (analytic.getKeep() != null || analytic.getWindowName() != null) {
      throw unsupported("window form in '" + analytic + "'");
    }
    AllowedFunctions.Result result = functions.lookup(List.of(analytic.getName()))
        .orElseThrow(() -> notAllowed(analytic.getName()));
    List<Width> arguments = new ArrayList<>();
    if (analytic.getExpression() != null && analytic.getExpression().getClass() == AllColumns.class
        && analytic.getName().equalsIgnoreCase("count")) {
      scope.markSeen(analytic.getExpression()); // count(*) OVER (...) counts rows
    } else if (analytic.getExpression() != null) {
      arguments.add(width(analytic.getExpression(), scope));
    }
    arguments.add(width(analytic.getDefaultValue(), scope));
    width(analytic.getOffset(), scope);
    width(analytic.getFilterExpression(), scope);
    width(analytic.getPartitionExpressionList(), scope);
    orderBy(analytic.getOrderByElements(), scope);
    orderBy(analytic.getFuncOrderBy(), scope);
    WindowElement window = analytic.getWindowElement();
    if (window != null) {
      for (WindowOffset offset : new WindowOffset[] {window.getOffset(),
          window.getRange() == null ? null : window.getRange().getStart(),
          window.getRange() == null ? null : window.getRange().getEnd()}) {
        if (offset != null) {
          width(offset.getExpression(), scope);
        }
      }
    }
    return combine(result, arguments, analytic);
  }

  @Override
  public <S> Width visit(CastExpression cast, S context) {
    ((Scope) context).markSeen(cast);
    if (cast.keyword != null && !cast.keyword.equalsIgnoreCase("CAST") || cast.getFormat() != null
        || cast.getColumnDefinitions() != null && cast.getColumnDefinitions().size() > 1) {
      throw unsupported("cast form '" + cast + "'");
    }
    CastTypes.requireAllowed(cast.getColDataType(), cast, dialect);
    return width(cast.getLeftExpression(), (Scope) context).max(Width.ONE);
  }

  @Override
  public <S> Width visit(CaseExpression caseExpression, S context) {
    Scope scope = (Scope) context;
    width(caseExpression.getSwitchExpression(), scope);
    Width widest = width(caseExpression.getElseExpression(), scope);
    for (WhenClause when : caseExpression.getWhenClauses()) {
      width(when.getWhenExpression(), scope);
      widest = widest.max(width(when.getThenExpression(), scope));
    }
    return widest;
  }

  @Override
  public <S> Width visit(TrimFunction trim, S context) {
    Scope scope = (Scope) context;
    return width(trim.getExpression(), scope).max(width(trim.getFromExpression(), scope));
  }

  @Override
  public <S> Width visit(LikeExpression like, S context) {
    Scope scope = (Scope) context;
    scope.markSeen(like);
    if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE
        && like.getLikeKeyWord() != LikeExpression.KeyWord.ILIKE || like.getEscape() != null
        || like.isUseBinary()) {
      throw unsupported("pattern match '" + like + "'; use LIKE or ILIKE without ESCAPE");
    }
    if (!(like.getRightExpression() instanceof StringValue pattern) || !isCheapPattern(pattern.getValue())) {
      throw unsupported("LIKE pattern in '" + like + "': the pattern must be a string literal with '%' only at"
          + " its start or end (such as 'abc%', '%abc' or '%abc%'); others can take hours to match");
    }
    width(like.getLeftExpression(), scope);
    return Width.NONE;
  }

  private static boolean isCheapPattern(String pattern) {
    String inner = pattern.length() < 2 ? "" : pattern.substring(1, pattern.length() - 1);
    long wildcards = pattern.chars().filter(c -> c == '%').count();
    return wildcards <= MAX_LIKE_WILDCARDS && inner.indexOf('%') < 0;
  }

  @Override
  public <S> Width visit(Column column, S context) {
    return checkColumn(column, (Scope) context);
  }

  @Override
  public <S> Width visit(ParenthesedSelect select, S context) {
    return Output.widest(queries.checkQuery(select, ((Scope) context).nested()));
  }

  @Override
  public <S> Width visit(Select select, S context) {
    return Output.widest(queries.checkQuery(select, ((Scope) context).nested()));
  }

  @Override
  public <S> Width visit(AnyComparisonExpression any, S context) {
    queries.checkQuery(any.getSelect(), ((Scope) context).nested());
    return Width.NONE;
  }

  /** A binary literal, normalised: JSqlParser keeps the whitespace after it, so it would not print back alike. */
  @Override
  public <S> Width visit(HexValue hex, S context) {
    String value = hex.getValue().strip();
    if (!value.matches("[Xx]'[0-9A-Fa-f]*'|0[xX][0-9A-Fa-f]+")) {
      throw unsupported("binary literal " + value);
    }
    hex.setValue(value);
    return Width.ONE;
  }

  @Override
  public <S> Width visit(NextValExpression expression, S context) {
    throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA, "'" + expression + "' advances a sequence");
  }

  @Override
  public <S> Width visit(VariableAssignment expression, S context) {
    throw new SqlRefusedException(SqlRefusalReason.WRITES_DATA, "'" + expression + "' assigns a variable");
  }

  @Override
  public <S> Width visit(AllColumns allColumns, S context) {
    throw unsupported("'*' inside an expression");
  }

  @Override
  public <S> Width visit(AllTableColumns allTableColumns, S context) {
    throw unsupported("'" + allTableColumns + "' inside an expression");
  }

  /**
   * Checks a column reference and returns its width. A qualified one must name a visible source (by alias
   * or table name, never with a schema) whose tables allow the column; an unqualified one must be allowed
   * by every visible table that hides columns, as the database may bind it to any of them.
   */
  Width checkColumn(Column column, Scope scope) {
    scope.markSeen(column);
    scope.markSeen(column.getTable());
    String name = column.getColumnName();
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      if (qualifier.getSchemaName() != null || qualifier.getDatabase() != null
          && qualifier.getDatabase().getDatabaseName() != null) {
        throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED, "column '" + column
            + "' is qualified with a schema; qualify it with the table's name or alias only");
      }
      Source source = scope.resolve(qualifier.getName()).orElseThrow(() -> new SqlRefusedException(
          SqlRefusalReason.COLUMN_NOT_ALLOWED, "column '" + column + "' uses an unknown table or alias '"
          + qualifier.getName() + "'"));
      requireAllowed(name, source.restrictedTables());
      return source.width(scope.key(name));
    }
    if (!Identifiers.isQuoted(name) && PSEUDO_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
      return Width.NONE;
    }
    String key = scope.key(name);
    Width widest = Width.NONE;
    for (Source source : scope.visibleSources()) {
      requireAllowed(name, source.restrictedTables());
      widest = widest.max(source.width(key));
    }
    return widest;
  }

  private static void requireAllowed(String column, List<AllowedTable> restricted) {
    for (AllowedTable table : restricted) {
      if (!table.allowsColumn(column)) {
        throw new SqlRefusedException(SqlRefusalReason.COLUMN_NOT_ALLOWED, "column '" + column
            + "' is not allowed for table '" + table.displayName()
            + "' (allowed: " + String.join(", ", table.columns().stream().sorted().toList())
            + "; qualify columns when several tables are in scope)");
      }
    }
  }

  private void orderBy(List<OrderByElement> orderBy, Scope scope) {
    if (orderBy != null) {
      orderBy.forEach(element -> width(element.getExpression(), scope));
    }
  }

  private static Width combine(AllowedFunctions.Result result, List<Width> arguments, Expression call) {
    return switch (result) {
      case BOUNDED -> Width.ONE; // text such as to_char or md5 counts like a stored value
      case LARGEST_ARGUMENT -> arguments.stream().reduce(Width.NONE, Width::max);
      case CONCATENATION -> Width.concatenation(arguments, call);
      case SEPARATED_CONCATENATION -> {
        List<Width> parts = new ArrayList<>(arguments);
        for (int gap = 2; gap < arguments.size(); gap++) {
          parts.add(arguments.get(0));
        }
        yield Width.concatenation(parts, call);
      }
    };
  }

  /**
   * A string literal counts as one stored value (doubling literals through CTEs builds gigabytes too); one
   * that reads as a number with a huge exponent is refused, since H2 converts {@code '1E+99999999'} to a
   * number by writing out all its digits, for minutes, in the application's JVM.
   */
  @Override
  public <S> Width visit(StringValue text, S context) {
    requireModestExponent(text.getValue(), text);
    return Width.ONE;
  }

  @Override
  public <S> Width visit(DoubleValue number, S context) {
    requireModestExponent(number.toString(), number);
    return Width.NONE;
  }

  private static void requireModestExponent(String text, Object literal) {
    var exponent = HUGE_EXPONENT.matcher(text);
    if (exponent.find() && exponent.group(1).replaceFirst("^0+", "").length() > 3) {
      throw unsupported("number with a huge exponent in " + literal);
    }
  }

  private static SqlRefusedException notAllowed(String name) {
    return new SqlRefusedException(SqlRefusalReason.FUNCTION_DENIED, "function '" + name
        + "' is not allowed: only built-in functions that compute over their arguments may be called,"
        + " unqualified and unquoted");
  }

  private static SqlRefusedException unsupported(String what) {
    return new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "unsupported " + what);
  }
}
