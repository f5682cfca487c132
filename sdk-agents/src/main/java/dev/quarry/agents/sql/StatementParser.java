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

  private StatementParser() {
  }

  /** The statements in {@code sql}; null for empty text. */
  static Statements parse(String sql) throws JSQLParserException {
    ExecutorService executor = Executors.newSingleThreadExecutor(THREADS);
    try {
      return CCJSqlParserUtil.parseStatements(sql, executor, null);
    } finally {
      executor.shutdownNow();
    }
  }
}
