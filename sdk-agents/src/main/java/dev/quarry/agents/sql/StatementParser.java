package dev.quarry.agents.sql;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;

/**
 * Parses SQL text with JSqlParser, under its parse timeout, on a thread of its own that always ends with the
 * call: JSqlParser's own convenience methods shut their executor down only when parsing succeeds, so every
 * unparseable text used to leave a thread behind. Stateless and thread-safe.
 */
final class StatementParser {

  private static final ThreadFactory THREADS = runnable -> {
    Thread thread = new Thread(runnable, "quarry-sql-parser");
    thread.setDaemon(true);
    return thread;
  };

  /** Longest one parse may take; JSqlParser's own default is 8 s. */
  static final long TIMEOUT_MILLIS = 1_500;

  private StatementParser() {
  }

  /** The statements in {@code sql}; null for empty text. */
  static Statements parse(String sql) throws JSQLParserException {
    ExecutorService executor = Executors.newSingleThreadExecutor(THREADS);
    try {
      return CCJSqlParserUtil.parseStatements(sql, executor, parser -> parser.withTimeOut(TIMEOUT_MILLIS));
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * How deeply queries nest in {@code sql}: the most parentheses around a {@code SELECT}, {@code WITH} or
   * {@code VALUES} keyword outside strings, quoted names and comments. JSqlParser's time grows about
   * threefold with each level (16 levels took 9 s), so the guard refuses deep nesting before parsing.
   */
  static int queryNesting(String sql) {
    int depth = 0;
    int deepest = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int close = sql.indexOf(c, i + 1);
        i = close < 0 ? sql.length() : close + 1;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else if (c == '(') {
        depth++;
        i++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
        i++;
      } else if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(i, end);
        if (word.equalsIgnoreCase("select") || word.equalsIgnoreCase("with") || word.equalsIgnoreCase("values")) {
          deepest = Math.max(deepest, depth);
        }
        i = end;
      } else {
        i++;
      }
    }
    return deepest;
  }
}
