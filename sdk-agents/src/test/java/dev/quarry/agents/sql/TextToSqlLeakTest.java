package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.testkit.ScriptedChatModel;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No reply leaves a thread or a connection behind: hundreds of unparseable, refused, failing, timed-out and
 * successful replies in a row, after which the JVM has as many platform threads as before, every connection
 * taken from the data source is closed, and no query work is still running.
 */
class TextToSqlLeakTest {

  static Stream<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all().stream();
  }

  @Test
  void unparseableTextLeavesNoThreadBehind() throws Exception {
    SqlGuard guard = SqlGuard.builder(SqlDialect.POSTGRESQL).allowTable("orders").build();
    guard.check("SELEKT 1"); // warm up
    int before = platformThreads();

    for (int i = 0; i < 500; i++) {
      assertThat(guard.check("SELEKT " + i + " FROM orders WHERE (((").accepted()).isFalse();
    }

    assertThat(awaitPlatformThreadsAtMost(before + 2)).as("platform threads after 500 unparseable texts")
        .isLessThanOrEqualTo(before + 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void noReplyLeavesAThreadOrAConnectionBehind(ShopDatabase database) throws Exception {
    List<String> replies = List.of(
        "SELEKT broken (((",                                   // unparseable
        "SELECT * FROM staff_salaries",                        // refused
        "SELECT no_such_column FROM orders",                   // fails in the database
        "SELECT SUM(a.quantity * b.quantity * c.quantity * d.quantity) FROM order_items a, order_items b,"
            + " order_items c, order_items d",                  // times out
        "SELECT status, COUNT(*) AS n FROM orders GROUP BY status"); // runs
    AtomicInteger turn = new AtomicInteger();
    ScriptedChatModel model = ScriptedChatModel.answering(request -> new ChatResponse(
        AssistantMessage.of(replies.get(turn.getAndIncrement() % replies.size())), new TokenUsage(1, 1),
        FinishReason.STOP));
    CountingDataSource counting = new CountingDataSource(database.dataSource());
    TextToSql textToSql = TextToSql.builder(counting, model).dialect(database.dialect())
        .allowTables("orders", "order_items").statementTimeout(Duration.ofMillis(300)).maxRepairs(0)
        .answer(false).build();
    assertThatThrownBy(() -> textToSql.ask("warm up")).isInstanceOf(TextToSqlException.class); // unparseable
    int before = platformThreads();

    int ran = 0;
    for (int i = 0; i < 100; i++) {
      try {
        textToSql.ask("question " + i);
        ran++;
      } catch (TextToSqlException expected) {
        assertThat(expected.attempts()).hasSize(1);
      }
    }

    assertThat(ran).isEqualTo(20);
    assertThat(awaitPlatformThreadsAtMost(before + 2)).as("platform threads after 100 replies")
        .isLessThanOrEqualTo(before + 2);
    assertThat(counting.open()).as("connections left open").isZero();
    assertThat(QueryWatchdog.running()).as("query work still running").isZero();
  }

  @Test
  void aDatabaseThatCannotBeReachedLeavesNothingBehind() throws Exception {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:leak-unreachable;DB_CLOSE_DELAY=-1");
    try (var connection = h2.getConnection(); var statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INT)");
    }
    ScriptedChatModel model = ScriptedChatModel.answering(request -> new ChatResponse(
        AssistantMessage.of("SELECT id FROM orders"), new TokenUsage(1, 1), FinishReason.STOP));
    TextToSql textToSql = TextToSql.builder(h2, model).allowTables("orders").answer(false).build();
    try (var connection = h2.getConnection(); var statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
    h2.setURL("jdbc:h2:mem:leak-unreachable;IFEXISTS=TRUE");
    int before = platformThreads();

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> textToSql.ask("orders?")).isInstanceOf(RuntimeException.class);
    }

    assertThat(awaitPlatformThreadsAtMost(before + 2)).isLessThanOrEqualTo(before + 2);
    assertThat(QueryWatchdog.running()).isZero();
  }

  private static int platformThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Threads that were ending a moment ago may still be counted: waits a little for them. */
  private static int awaitPlatformThreadsAtMost(int limit) throws InterruptedException {
    for (int i = 0; i < 100 && platformThreads() > limit; i++) {
      Thread.sleep(50);
    }
    return platformThreads();
  }
}
