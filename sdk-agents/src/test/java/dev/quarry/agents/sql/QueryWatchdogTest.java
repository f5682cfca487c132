package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The statement timeout bounds the call whatever the database does: a statement H2 cannot interrupt in the
 * application's own JVM, and (with test doubles of a JDBC driver) a driver that ignores cancel and one that
 * ignores even a closed connection. The call returns within twice the timeout, and the work left behind ends
 * when the driver returns.
 */
class QueryWatchdogTest {
  private static final Duration TIMEOUT = Duration.ofMillis(600);

  @Test
  void aStatementH2CannotInterruptReturnsWithinTwiceTheTimeout() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:watchdog-hash;DB_CLOSE_DELAY=-1");
    try (Connection warmUp = h2.getConnection()) { // opening an H2 database is not the statement's time
      assertThat(warmUp.isValid(1)).isTrue();
    }
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(h2, SqlDialect.H2, "PUBLIC", TIMEOUT, 1 << 20);
    int runningBefore = QueryWatchdog.running();

    long start = System.nanoTime();
    assertThatThrownBy(() -> runner.query("SELECT HASH('SHA-256', 'x', 40000000)", 1))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(ReadOnlyQueryRunner.isTimeout(e)).isTrue());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(TIMEOUT.multipliedBy(2).plusMillis(300));
    awaitRunning(runningBefore, Duration.ofSeconds(60)); // the hashing ends on its own thread
  }

  @Test
  void aDriverThatIgnoresCancelIsStoppedByClosingTheConnection() throws Exception {
    FakeDriver driver = new FakeDriver(false);
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(driver.dataSource(), SqlDialect.POSTGRESQL, "shop",
        TIMEOUT, 1 << 20);
    int runningBefore = QueryWatchdog.running();

    long start = System.nanoTime();
    assertThatThrownBy(() -> runner.query("SELECT 1", 1)).isInstanceOf(SQLException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(TIMEOUT, TIMEOUT.multipliedBy(2).plusMillis(300));
    assertThat(driver.cancelled).as("cancelled at the timeout").isTrue();
    assertThat(driver.closedOrAborted).as("then the connection was aborted").isTrue();
    awaitRunning(runningBefore, Duration.ofSeconds(10));
  }

  @Test
  void aDriverThatIgnoresEverythingIsAbandonedAtTwiceTheTimeout() throws Exception {
    FakeDriver driver = new FakeDriver(true);
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(driver.dataSource(), SqlDialect.POSTGRESQL, "shop",
        TIMEOUT, 1 << 20);
    int runningBefore = QueryWatchdog.running();

    long start = System.nanoTime();
    assertThatThrownBy(() -> runner.query("SELECT 1", 1))
        .isInstanceOf(SQLTimeoutException.class).hasMessageContaining("abandoned");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(TIMEOUT.multipliedBy(2), TIMEOUT.multipliedBy(2).plusMillis(300));
    driver.release.countDown(); // the driver returns at last: the abandoned work ends
    awaitRunning(runningBefore, Duration.ofSeconds(10));
  }

  @Test
  void anInterruptedCallerCancelsTheQueryAndReturnsAtOnce() throws Exception {
    FakeDriver driver = new FakeDriver(false);
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(driver.dataSource(), SqlDialect.POSTGRESQL, "shop",
        Duration.ofSeconds(30), 1 << 20);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      try {
        runner.query("SELECT 1", 1);
      } catch (Exception e) {
        thrown.set(e);
      }
    });
    assertThat(driver.executing.await(10, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();
    caller.join(5_000);

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(ReadOnlyQueryRunner.SetupException.class)
        .hasMessageContaining("interrupted");
    assertThat(driver.cancelled).isTrue();
  }

  private static void awaitRunning(int expected, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (QueryWatchdog.running() > expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(QueryWatchdog.running()).as("query work still running").isLessThanOrEqualTo(expected);
  }

  /**
   * A test double of a JDBC driver whose query never returns by itself: it ignores {@code cancel()}, and
   * returns with an error when the connection is closed or aborted, unless {@code ignoresClose}, in which
   * case it returns only when the test releases it.
   */
  private static final class FakeDriver {
    final CountDownLatch executing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final boolean ignoresClose;
    volatile boolean cancelled;
    volatile boolean closedOrAborted;

    FakeDriver(boolean ignoresClose) {
      this.ignoresClose = ignoresClose;
    }

    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> method.getName().equals("getConnection") ? connection() : null);
    }

    private Connection connection() {
      AtomicBoolean autoCommit = new AtomicBoolean(true);
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "getAutoCommit" -> autoCommit.get();
            case "setAutoCommit" -> {
              autoCommit.set((Boolean) args[0]);
              yield null;
            }
            case "isReadOnly" -> false;
            case "getSchema" -> "shop";
            case "createStatement" -> statement(Statement.class);
            case "prepareStatement" -> statement(PreparedStatement.class);
            case "close", "abort" -> {
              closedOrAborted = true;
              if (!ignoresClose) {
                release.countDown();
              }
              yield null;
            }
            default -> null;
          });
    }

    private <T> T statement(Class<T> type) {
      return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
          (proxy, method, args) -> switch (method.getName()) {
            case "execute" -> false;
            case "cancel" -> {
              cancelled = true;
              yield null;
            }
            case "executeQuery" -> {
              executing.countDown();
              boolean released = false;
              while (!released) { // ignores interrupts and cancel, like a driver stuck in a socket read
                try {
                  released = release.await(10, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                  // keeps waiting
                }
              }
              throw new SQLException("connection closed while reading", "08006");
            }
            default -> null;
          }));
    }
  }
}
