package dev.quarry.agents.sql;

import java.util.Locale;

/** SQL identifier helpers: quoting and the comparison rule the allow-lists use. Stateless. */
final class Identifiers {

  private Identifiers() {
  }

  static boolean isQuoted(String identifier) {
    return identifier.length() >= 2
        && (identifier.startsWith("\"") && identifier.endsWith("\"")
        || identifier.startsWith("`") && identifier.endsWith("`")
        || identifier.startsWith("[") && identifier.endsWith("]"));
  }

  static String unquote(String identifier) {
    return isQuoted(identifier) ? identifier.substring(1, identifier.length() - 1) : identifier;
  }

  /**
   * Whether an identifier written in the query names the allow-listed {@code name}: a quoted identifier
   * must match exactly, an unquoted one (plain ASCII only) case-insensitively.
   */
  static boolean matches(String written, String name) {
    if (isQuoted(written)) {
      return written.startsWith("\"") && unquote(written).replace("\"\"", "\"").equals(name);
    }
    return isPlain(written) && written.equalsIgnoreCase(name);
  }

  /**
   * The name as the database compares it: a double-quoted name exactly as written inside the quotes; an
   * unquoted one folded the way the dialect folds it (H2 to upper case, PostgreSQL to lower case). Two names
   * with the same key name the same thing in that database, and only then.
   *
   * @throws SqlRefusedException for an unquoted name that is not plain ASCII (PostgreSQL folds only ASCII
   *     letters, Java's case rules fold more: the Kelvin sign is a {@code k} to one and not the other), or a
   *     name quoted with backquotes or brackets
   */
  static String key(String written, SqlDialect dialect) {
    if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
      return written.substring(1, written.length() - 1).replace("\"\"", "\"");
    }
    if (!isPlain(written)) {
      throw new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "the name '" + written
          + "' must be plain ASCII letters, digits and underscores, or be double-quoted");
    }
    return dialect == SqlDialect.H2 ? written.toUpperCase(Locale.ROOT) : written.toLowerCase(Locale.ROOT);
  }

  /** {@code key} written back as a double-quoted name, which has that key in every dialect. */
  static String quoted(String key) {
    return '"' + key.replace("\"", "\"\"") + '"';
  }

  private static boolean isPlain(String written) {
    return written.matches("[A-Za-z_][A-Za-z0-9_]*");
  }
}
