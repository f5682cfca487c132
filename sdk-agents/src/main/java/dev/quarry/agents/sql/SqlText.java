package dev.quarry.agents.sql;

import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The text that is sent to the database, and the lexical check it must pass. The checked query is printed
 * inside parentheses ({@code (SELECT ...)}, or {@code WITH ... (SELECT ...)}), so that a semicolon the
 * database might find in it could only stand inside the parentheses, where both H2 and PostgreSQL stop with
 * a syntax error before running anything. Then the text is scanned with the lexical rules both databases
 * share, and refused unless it is plainly one statement without comments: outside string literals and
 * quoted names it may hold no {@code ;}, {@code --}, {@code /*}, {@code //}, {@code $} (dollar quoting,
 * parameters), {@code \}, {@code ?}, braces (JDBC escapes), brackets or backquotes; string literals may
 * hold no backslash (read as an escape by PostgreSQL with {@code standard_conforming_strings} off) and
 * take no prefix but {@code N}, {@code X} or {@code B} ({@code E'...'} and {@code U&'...'} have escapes).
 * Stateless.
 */
final class SqlText {

  private SqlText() {
  }

  /** The parenthesised text of a checked query; the tree is left as it was. */
  static String parenthesised(Select select) {
    List<WithItem<?>> with = select.getWithItemsList();
    if (with == null || with.isEmpty()) {
      return "(" + select + ")";
    }
    StringBuilder text = new StringBuilder("WITH ");
    for (int i = 0; i < with.size(); i++) {
      text.append(with.get(i)).append(i + 1 < with.size() ? ", " : " ");
    }
    select.setWithItemsList(null);
    try {
      return text.append('(').append(select).append(')').toString();
    } finally {
      select.setWithItemsList(with);
    }
  }

  /**
   * Throws {@link SqlRefusedException} unless {@code text} is one statement without comments by the lexical
   * rules of H2 and PostgreSQL.
   */
  static void requireOneStatement(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        requirePlainPrefix(text, i);
        i = endOfQuoted(text, i, '\'', true);
      } else if (c == '"') {
        if (i > 0 && text.charAt(i - 1) == '&') {
          throw refused("a Unicode-escaped name (U&\"...\")");
        }
        i = endOfQuoted(text, i, '"', false);
      } else if (c == '-' && next(text, i) == '-' || c == '/' && (next(text, i) == '*' || next(text, i) == '/')
          || c == '*' && next(text, i) == '/') {
        throw refused("a comment marker '" + c + next(text, i) + "'");
      } else if (";\\$?{}[]`#".indexOf(c) >= 0 || c < ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw refused("the character '" + (c < ' ' ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c)
            + "' outside a string");
      } else {
        i++;
      }
    }
  }

  private static void requirePlainPrefix(String text, int quote) {
    if (quote == 0) {
      return;
    }
    char before = text.charAt(quote - 1);
    if (before == '&') {
      throw refused("a Unicode-escaped string (U&'...')");
    }
    if (Character.isLetterOrDigit(before) || before == '_') {
      boolean single = quote < 2 || !(Character.isLetterOrDigit(text.charAt(quote - 2))
          || text.charAt(quote - 2) == '_');
      if (!single || "NnXxBb".indexOf(before) < 0) {
        throw refused("a string literal with the prefix before position " + quote
            + " (only N'', X'' and B'' are allowed; E'' has escapes)");
      }
    }
  }

  /** The index after the closing quote; a doubled quote stands for itself. */
  private static int endOfQuoted(String text, int open, char quote, boolean literal) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && literal) {
        throw refused("a backslash in a string literal, which databases read differently");
      }
      if (c == '\0') {
        throw refused("a NUL character");
      }
      if (c == quote) {
        if (next(text, i) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw refused("an unterminated " + (literal ? "string literal" : "quoted name"));
  }

  private static char next(String text, int i) {
    return i + 1 < text.length() ? text.charAt(i + 1) : '\0';
  }

  private static SqlRefusedException refused(String what) {
    return new SqlRefusedException(SqlRefusalReason.UNSUPPORTED_CONSTRUCT, "the query as it would run holds "
        + what + "; write it without comments, escapes or parameters");
  }
}
