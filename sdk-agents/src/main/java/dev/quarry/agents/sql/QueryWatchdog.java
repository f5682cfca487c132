package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a query holds its caller, whatever the database does. The work runs on a virtual thread
 * of its own while the caller waits: at the statement timeout the watchdog cancels the statement (what the
 * database's own timeout should already have done); half a timeout later, if the work has still not
 * returned, it aborts the connection; half a timeout after that it stops waiting and throws
 * {@link SQLTimeoutException}. So the call returns within twice the timeout even when the database cannot
 * interrupt the statement (PostgreSQL inside some aggregates, H2 inside a long function in the
 * application's own JVM). Work left behind ends on its own thread when the driver returns, and closes its
 * connection itself. Immutable and thread-safe.
 */
final class QueryWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(QueryWatchdog.class);

  /** SQLSTATE of a cancelled statement (PostgreSQL's query_canceled). */
  static final String CANCELLED = "57014";

  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final long timeoutMillis;

  QueryWatchdog(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** How many queries' work is running now in this JVM, abandoned ones included (for tests and monitoring). */
  static int running() {
    return RUNNING.get();
  }

  /** Work on a connection that it publishes, with its statement, through the {@link Target}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Target target) throws SQLException, ReadOnlyQueryRunner.SetupException;
  }

  /** What the watchdog may stop: set by the work as it goes. */
  static final class Target {
    private volatile Connection connection;
    private volatile Statement statement;

    void connection(Connection connection) {
      this.connection = connection;
    }

    void statement(Statement statement) {
      this.statement = statement;
    }

    private void cancel() {
      Statement running = statement;
      if (running != null) {
        try {
          running.cancel();
        } catch (SQLException | RuntimeException e) {
          LOG.debug("could not cancel a statement past its timeout", e);
        }
      }
    }

    private void abort() {
      Connection open = connection;
      if (open == null) {
        return;
      }
      Thread.ofVirtual().name("quarry-sql-abort").start(() -> {
        try {
          open.abort(command -> Thread.ofVirtual().name("quarry-sql-abort").start(command));
        } catch (SQLException | RuntimeException e) {
          try {
            open.close();
          } catch (SQLException | RuntimeException closing) {
            e.addSuppressed(closing);
            LOG.warn("could not abort a connection whose query ran past its timeout", e);
          }
        }
      });
    }
  }

  /**
   * Runs {@code work} and returns what it returns or throws what it throws, unless the deadlines pass.
   *
   * @throws SQLTimeoutException (SQLSTATE 57014) when the work did not return within twice the timeout
   * @throws ReadOnlyQueryRunner.SetupException when the calling thread was interrupted
   */
  <T> T run(Work<T> work) throws SQLException, ReadOnlyQueryRunner.SetupException {
    Target target = new Target();
    CompletableFuture<T> result = new CompletableFuture<>();
    RUNNING.incrementAndGet();
    Thread.ofVirtual().name("quarry-sql-query").start(() -> {
      try {
        result.complete(work.run(target));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      } finally {
        RUNNING.decrementAndGet();
      }
    });
    long grace = Math.max(1, timeoutMillis / 2);
    try {
      try {
        return await(result, timeoutMillis);
      } catch (TimeoutException pastTimeout) {
        target.cancel();
      }
      try {
        return await(result, grace);
      } catch (TimeoutException stillRunning) {
        LOG.warn("a query did not stop when cancelled at its {} ms timeout; aborting its connection",
            timeoutMillis);
        target.abort();
      }
      try {
        return await(result, grace);
      } catch (TimeoutException abandoned) {
        LOG.warn("a query still ran {} ms after its timeout with its connection aborted; it is abandoned",
            2 * grace);
        throw new SQLTimeoutException("the query did not stop at its timeout of " + timeoutMillis
            + " ms; its connection was aborted and the query abandoned", CANCELLED);
      } catch (SQLException | ReadOnlyQueryRunner.SetupException failedOnAbort) {
        throw new SQLTimeoutException("the query did not stop at its timeout of " + timeoutMillis
            + " ms, so its connection was aborted", CANCELLED, failedOnAbort);
      }
    } catch (InterruptedException e) {
      target.cancel();
      target.abort();
      Thread.currentThread().interrupt();
      throw new ReadOnlyQueryRunner.SetupException("interrupted while a query ran; it was cancelled", e);
    }
  }

  private static <T> T await(CompletableFuture<T> result, long millis)
      throws SQLException, ReadOnlyQueryRunner.SetupException, InterruptedException, TimeoutException {
    try {
      return result.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case SQLException sql -> throw sql;
        case ReadOnlyQueryRunner.SetupException setup -> throw setup;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IllegalStateException("unexpected failure of a query", e.getCause());
      }
    }
  }
}
