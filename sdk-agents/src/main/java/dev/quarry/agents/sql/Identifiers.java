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
   * must match exactly, an unquoted one case-insensitively.
   */
  static boolean matches(String written, String name) {
    return isQuoted(written) ? unquote(written).equals(name) : written.equalsIgnoreCase(name);
  }

  static String lower(String identifier) {
    return unquote(identifier).toLowerCase(Locale.ROOT);
  }
}
