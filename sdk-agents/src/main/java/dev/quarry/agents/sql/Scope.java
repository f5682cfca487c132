package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names one query level can see, resolved the way the database resolves them: the FROM sources of this
 * level by the name they expose, then those of the enclosing levels (a correlated subquery); CTEs by name,
 * innermost WITH first, each visible only after its definition (in its own body only when the WITH is
 * RECURSIVE); output aliases for ORDER BY. A derived table in FROM does not see its sibling FROM items (only
 * LATERAL does). Used by one walk on one thread.
 */
final class Scope {

  private final Scope outer;
  private final CteFrame ctes;
  private final Walk walk;
  private final String recursiveName;
  private final Cte recursiveSelf;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Set<String> selectAliases = new HashSet<>();

  private Scope(Scope outer, CteFrame ctes, Walk walk, String recursiveName, Cte recursiveSelf) {
    this.outer = outer;
    this.ctes = ctes;
    this.walk = walk;
    this.recursiveName = recursiveName;
    this.recursiveSelf = recursiveSelf;
  }

  /** The scope of a whole statement. */
  static Scope root(SqlDialect dialect) {
    return new Scope(null, null, new Walk(dialect), null, null);
  }

  /** The name as this database compares it; see {@link Identifiers#key}. */
  String key(String written) {
    return Identifiers.key(written, walk.dialect);
  }

  /**
   * A CTE as the query refers to it: its columns, and the name it is given in the SQL that runs. Every CTE
   * is renamed to {@code "quarry cte N"}: H2 resolves a name to a table of the schema before a CTE of the same
   * name (PostgreSQL the other way round), so {@code WITH secrets AS (SELECT 1) SELECT * FROM secrets} would
   * read the real table on H2.
   */
  record Cte(String runName, Source source) {
  }

  /** A query level nested in an expression of this one (or LATERAL): sees this level's sources. */
  Scope nested() {
    return new Scope(this, ctes, walk, null, null);
  }

  /** A derived table in this level's FROM: sees the enclosing levels and the CTEs, not its siblings. */
  Scope derived() {
    return new Scope(outer, ctes, walk, null, null);
  }

  /** This scope with a new, empty WITH list in front of the visible CTEs. */
  Scope withCteList(List<String> names) {
    return new Scope(outer, new CteFrame(ctes, names.stream().map(this::key).toList()), walk, null, null);
  }

  /**
   * A branch after UNION in a recursive CTE's body: like {@link #derived()}, and its own FROM clause (only
   * that, not a subquery in it) may name the CTE itself.
   */
  Scope recursiveBranch(String name, Cte self) {
    return new Scope(outer, ctes, walk, key(name), self);
  }

  /** Records that the walk checked this AST node (shared by every level of one walk). */
  void markSeen(Object node) {
    if (node != null) {
      walk.seen.add(node);
    }
  }

  Set<Object> seen() {
    return walk.seen;
  }

  /** A new name for a CTE, unique in the statement and the same at every walk of the same text. */
  String newCteName() {
    return "\"quarry cte " + ++walk.ctes + "\"";
  }

  /** Makes a CTE of the innermost WITH list visible from here on. */
  void defineCte(String name, Cte cte) {
    ctes.define(key(name), cte);
  }

  /**
   * The CTE an unqualified table name refers to, innermost first; empty when it names a table.
   *
   * @throws SqlRefusedException when it names a CTE of a WITH list that is not defined yet: a forward
   *     reference, a CTE's own name in its body (which PostgreSQL and H2 resolve differently), or a recursive
   *     CTE's name anywhere but the FROM clause of the part after UNION
   */
  Optional<Cte> cte(String name) {
    String key = key(name);
    if (key.equals(recursiveName)) {
      return Optional.of(recursiveSelf);
    }
    for (CteFrame frame = ctes; frame != null; frame = frame.parent) {
      Cte defined = frame.defined.get(key);
      if (defined != null) {
        return Optional.of(defined);
      }
      if (frame.pending.contains(key)) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "'" + name
            + "' refers to a common table expression before its definition or inside its own body; define"
            + " CTEs before using them, do not name a CTE like a table it reads, and let a recursive CTE name"
            + " itself only in the FROM clause after UNION");
      }
    }
    return Optional.empty();
  }

  /** Adds a FROM source under the name it exposes; a name may be exposed once per level. */
  void addSource(String name, Source source) {
    if (sources.putIfAbsent(key(name), source) != null) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "the name '" + name + "' is used for two FROM items; give each its own alias");
    }
  }

  /**
   * Adds a FROM item without an alias (a derived table, on H2 and PostgreSQL 16): no qualifier can name it,
   * but its columns still count for unqualified names. Its key holds a NUL, which no written name folds to.
   */
  void addAnonymousSource(Source source) {
    sources.put("\u0000" + walk.anonymous++, source);
  }

  /** The sources added to this level, in order. */
  List<Source> sourcesHere() {
    return List.copyOf(sources.values());
  }

  void addSelectAlias(String alias) {
    selectAliases.add(key(alias));
  }

  boolean isSelectAlias(String name) {
    return selectAliases.contains(key(name));
  }

  /** The source a qualifier names, this level first, then the enclosing ones; empty when none does. */
  Optional<Source> resolve(String qualifier) {
    for (Scope s = this; s != null; s = s.outer) {
      Source source = s.sources.get(key(qualifier));
      if (source != null) {
        return Optional.of(source);
      }
    }
    return Optional.empty();
  }

  /** Every source an unqualified column could come from: this level's and the enclosing levels'. */
  List<Source> visibleSources() {
    List<Source> result = new ArrayList<>();
    for (Scope s = this; s != null; s = s.outer) {
      result.addAll(s.sources.values());
    }
    return result;
  }

  /** What one walk of a statement shares across its levels. */
  private static final class Walk {
    private final SqlDialect dialect;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int ctes;
    private int anonymous;

    Walk(SqlDialect dialect) {
      this.dialect = dialect;
    }
  }

  /** The CTEs of one WITH list: those defined so far, and the names still to come. */
  private static final class CteFrame {
    private final CteFrame parent;
    private final Map<String, Cte> defined = new HashMap<>();
    private final Set<String> pending = new HashSet<>();

    CteFrame(CteFrame parent, List<String> names) {
      this.parent = parent;
      pending.addAll(names);
    }

    void define(String name, Cte cte) {
      pending.remove(name);
      defined.put(name, cte);
    }
  }
}
