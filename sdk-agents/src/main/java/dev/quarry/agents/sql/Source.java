package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a FROM item exposes under one name: an allow-listed table, a derived table, CTE or table function (its
 * checked output columns), or a parenthesised join with an alias (all of its members at once, so
 * {@code j.email} is refused when any member hides {@code email}). Immutable.
 */
final class Source {

  private final List<AllowedTable> tables;
  private final Map<String, Width> columns;
  private final Width others;

  private Source(List<AllowedTable> tables, Map<String, Width> columns, Width others) {
    this.tables = List.copyOf(tables);
    this.columns = Map.copyOf(columns);
    this.others = others;
  }

  /** An allow-listed table: any column it allows, each one stored value wide. */
  static Source table(AllowedTable table) {
    return new Source(List.of(table), Map.of(), Width.ONE);
  }

  /**
   * A derived table, CTE or table function with the given outputs, renamed position by position by
   * {@code columnAliases} when there are any (a column list after the alias or the CTE's name); names are
   * kept by their {@code key} (see {@link Identifiers#key}).
   */
  static Source derived(List<Output> outputs, List<String> columnAliases, UnaryOperator<String> key) {
    Width widest = Output.widest(outputs);
    Map<String, Width> columns = new HashMap<>();
    boolean positional = outputs.stream().noneMatch(Output::wildcard) && outputs.size() == columnAliases.size();
    if (!columnAliases.isEmpty()) {
      for (int i = 0; i < columnAliases.size(); i++) {
        columns.merge(key.apply(columnAliases.get(i)), positional ? outputs.get(i).width() : widest,
            Width::max);
      }
      return new Source(List.of(), columns, widest);
    }
    for (Output output : outputs) {
      if (output.name() != null) {
        columns.merge(key.apply(output.name()), output.width(), Width::max);
      }
    }
    return new Source(List.of(), columns, widest);
  }

  /** A recursive CTE seen from inside its own body: every column may depend on the previous row. */
  static Source recursiveReference() {
    return new Source(List.of(), Map.of(), Width.ONE.fromRecursion());
  }

  /** A parenthesised join exposed under one alias: the union of its members. */
  static Source union(List<Source> members) {
    List<AllowedTable> tables = new ArrayList<>();
    Map<String, Width> columns = new HashMap<>();
    Width others = Width.NONE;
    for (Source member : members) {
      tables.addAll(member.tables);
      member.columns.forEach((name, width) -> columns.merge(name, width, Width::max));
      others = others.max(member.others);
    }
    return new Source(tables, columns, others);
  }

  /** The allow-listed tables behind this source that hide some of their columns. */
  List<AllowedTable> restrictedTables() {
    return tables.stream().filter(AllowedTable::restrictsColumns).toList();
  }

  /** How wide a value of the column with this key can be; unknown names get the widest this source has. */
  Width width(String columnKey) {
    return columns.getOrDefault(columnKey, others);
  }

  /** The columns {@code *} or {@code alias.*} would bring. */
  List<Output> allColumns() {
    List<Output> outputs = new ArrayList<>();
    columns.forEach((key, width) -> outputs.add(Output.named(Identifiers.quoted(key), width)));
    outputs.add(Output.wildcard(others)); // conservative: columns this walk cannot name
    return outputs;
  }
}
