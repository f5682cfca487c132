package dev.quarry.agents.sql;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names visible in one query level: FROM sources by alias (an allow-listed table, or empty for a
 * derived table, CTE or table function), CTE names and select-item aliases. Chained to the enclosing
 * level for correlated subqueries. Used by one walk on one thread.
 */
final class Scope {

  private final Scope parent;
  private final Set<Object> seen;
  private final Map<String, Optional<AllowedTable>> sources = new HashMap<>();
  private final Set<String> cteNames = new HashSet<>();
  private final Set<String> selectAliases = new HashSet<>();

  Scope(Scope parent) {
    this.parent = parent;
    this.seen = parent == null ? Collections.newSetFromMap(new IdentityHashMap<>()) : parent.seen;
  }

  /** Records that the walk checked this AST node (shared by every level of one walk). */
  void markSeen(Object node) {
    seen.add(node);
  }

  Set<Object> seen() {
    return seen;
  }

  void addSource(String alias, AllowedTable table) {
    sources.put(Identifiers.lower(alias), Optional.ofNullable(table));
  }

  void addCte(String name) {
    cteNames.add(Identifiers.lower(name));
  }

  void addSelectAlias(String alias) {
    selectAliases.add(Identifiers.lower(alias));
  }

  boolean isCte(String name) {
    return cteNames.contains(Identifiers.lower(name)) || parent != null && parent.isCte(name);
  }

  boolean isSelectAlias(String name) {
    return selectAliases.contains(Identifiers.lower(name));
  }

  /** The source a qualifier names, searching outward; null when no level knows it. */
  Optional<AllowedTable> resolve(String qualifier) {
    Optional<AllowedTable> found = sources.get(Identifiers.lower(qualifier));
    return found != null || parent == null ? found : parent.resolve(qualifier);
  }

  /** Allow-listed tables with a column allow-list in this level and every enclosing one. */
  Set<AllowedTable> restrictedTables() {
    Set<AllowedTable> result = new HashSet<>();
    for (Scope s = this; s != null; s = s.parent) {
      s.sources.values().forEach(o -> o.filter(AllowedTable::restrictsColumns).ifPresent(result::add));
    }
    return result;
  }

  /** Whether this level itself reads a table with a column allow-list (so {@code *} would leak). */
  boolean hasRestrictedSourceHere() {
    return sources.values().stream().anyMatch(o -> o.filter(AllowedTable::restrictsColumns).isPresent());
  }
}
