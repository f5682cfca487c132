package dev.quarry.agents.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the SQL out of a model's reply: the first fenced code block if there is one ({@code ```sql ... ```},
 * an unclosed fence runs to the end), otherwise the text from its first line that starts a query
 * ({@code SELECT}, {@code WITH name AS (}, {@code (SELECT}; prose before it is dropped), up to a semicolon
 * followed by text that does not start with an SQL keyword (prose after it is dropped;
 * {@code SELECT 1; DROP TABLE t} is kept whole so that the guard refuses it). Surrounding whitespace and
 * trailing semicolons are removed. It only trims: whatever it returns still goes through {@link SqlGuard}.
 * Stateless.
 */
final class SqlExtractor {

  private static final String FENCE = "```";
  /** A line starting a query: SELECT, WITH name [(columns)] AS (, or a parenthesised SELECT. */
  private static final Pattern QUERY_START = Pattern.compile("(?im)^[ \\t]*(?:\\(\\s*)*(?:select\\b"
      + "|with\\s+(?:recursive\\s+)?[\\w\"]+(?:\\s*\\([^)]*\\))?\\s+as\\s*(?:not\\s+)?"
      + "(?:materialized\\s*)?\\()");
  /** After a semicolon: a word that does not start an SQL statement. */
  private static final Pattern PROSE = Pattern.compile("\\s*(?!(?:select|with|insert|update|delete|merge|drop"
      + "|create|alter|truncate|grant|revoke|call|exec|execute|set|copy|do|begin|commit|rollback|lock|vacuum"
      + "|analyze|explain|values|table|show|runscript|script|shutdown|backup)\\b)\\p{L}",
      Pattern.CASE_INSENSITIVE);

  private SqlExtractor() {
  }

  static String extract(String reply) {
    String text = reply == null ? "" : reply.strip();
    int open = text.indexOf(FENCE);
    if (open >= 0) {
      int start = open + FENCE.length();
      int close = text.indexOf(FENCE, start);
      text = withoutLanguageTag(text.substring(start, close < 0 ? text.length() : close)).strip();
    } else {
      text = withoutProse(text);
    }
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    return text;
  }

  private static String withoutProse(String text) {
    Matcher start = QUERY_START.matcher(text);
    String query = start.find() ? text.substring(start.start()).strip() : text;
    int end = proseAfter(query);
    return end < 0 ? query : query.substring(0, end).strip();
  }

  /** The first semicolon outside quotes and comments that prose follows, or -1. */
  private static int proseAfter(String query) {
    Matcher prose = PROSE.matcher(query);
    char quote = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote; // a doubled quote closes and reopens
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (query.startsWith("--", i) || query.startsWith("/*", i)) {
        int close = query.startsWith("--", i) ? query.indexOf('\n', i) : query.indexOf("*/", i + 2);
        if (close < 0) {
          return -1;
        }
        i = close;
      } else if (c == ';' && prose.region(i + 1, query.length()).lookingAt()) {
        return i;
      }
    }
    return -1;
  }

  private static String withoutLanguageTag(String body) {
    int newline = body.indexOf('\n');
    String firstLine = newline < 0 ? body : body.substring(0, newline);
    if (newline >= 0 && firstLine.strip().matches("[A-Za-z0-9_+-]*")) {
      return body.substring(newline + 1);
    }
    String lead = body.stripLeading();
    if (lead.length() > 3 && lead.regionMatches(true, 0, "sql", 0, 3)
        && Character.isWhitespace(lead.charAt(3))) {
      return lead.substring(3);
    }
    return body;
  }
}
