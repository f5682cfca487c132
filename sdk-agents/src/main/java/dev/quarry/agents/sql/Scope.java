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
  private final Set<Object> seen;
  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Set<String> selectAliases = new HashSet<>();
  private int anonymous;

  private Scope(Scope outer, CteFrame ctes, Set<Object> seen) {
    this.outer = outer;
    this.ctes = ctes;
    this.seen = seen;
  }

  /** The scope of a whole statement. */
  static Scope root() {
    return new Scope(null, null, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /** A query level nested in an expression of this one (or LATERAL): sees this level's sources. */
  Scope nested() {
    return new Scope(this, ctes, seen);
  }

  /** A derived table in this level's FROM: sees the enclosing levels and the CTEs, not its siblings. */
  Scope derived() {
    return new Scope(outer, ctes, seen);
  }

  /** This scope with a new, empty WITH list in front of the visible CTEs. */
  Scope withCteList(List<String> names) {
    return new Scope(outer, new CteFrame(ctes, names), seen);
  }

  /** Records that the walk checked this AST node (shared by every level of one walk). */
  void markSeen(Object node) {
    if (node != null) {
      seen.add(node);
    }
  }

  Set<Object> seen() {
    return seen;
  }

  /** Makes a CTE of the innermost WITH list visible from here on. */
  void defineCte(String name, Source source) {
    ctes.define(Identifiers.lower(name), source);
  }

  /**
   * The CTE an unqualified table name refers to, innermost first; empty when it names a table.
   *
   * @throws SqlRefusedException when it names a CTE of a WITH list that is not defined yet (a forward
   *     reference, which PostgreSQL and H2 resolve differently)
   */
  Optional<Source> cte(String name) {
    String key = Identifiers.lower(name);
    for (CteFrame frame = ctes; frame != null; frame = frame.parent) {
      Source defined = frame.defined.get(key);
      if (defined != null) {
        return Optional.of(defined);
      }
      if (frame.pending.contains(key)) {
        throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "'" + name
            + "' refers to a common table expression before its definition; define CTEs before using them,"
            + " and do not name a CTE like a table it reads");
      }
    }
    return Optional.empty();
  }

  /** Adds a FROM source under the name it exposes; a name may be exposed once per level. */
  void addSource(String name, Source source) {
    if (sources.putIfAbsent(Identifiers.lower(name), source) != null) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT,
          "the name '" + name + "' is used for two FROM items; give each its own alias");
    }
  }

  /**
   * A name for a FROM item without an alias: no qualifier can name it, but its columns still count for
   * unqualified names.
   */
  String anonymousName() {
    return "\u0000anonymous" + anonymous++;
  }

  /** The sources added to this level, in order. */
  List<Source> sourcesHere() {
    return List.copyOf(sources.values());
  }

  void addSelectAlias(String alias) {
    selectAliases.add(Identifiers.lower(alias));
  }

  boolean isSelectAlias(String name) {
    return selectAliases.contains(Identifiers.lower(name));
  }

  /** The source a qualifier names, this level first, then the enclosing ones; empty when none does. */
  Optional<Source> resolve(String qualifier) {
    for (Scope s = this; s != null; s = s.outer) {
      Source source = s.sources.get(Identifiers.lower(qualifier));
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

  /** The CTEs of one WITH list: those defined so far, and the names still to come. */
  private static final class CteFrame {
    private final CteFrame parent;
    private final Map<String, Source> defined = new HashMap<>();
    private final Set<String> pending = new HashSet<>();

    CteFrame(CteFrame parent, List<String> names) {
      this.parent = parent;
      names.forEach(name -> pending.add(Identifiers.lower(name)));
    }

    void define(String name, Source source) {
      pending.remove(name);
      defined.put(name, source);
    }
  }
}
