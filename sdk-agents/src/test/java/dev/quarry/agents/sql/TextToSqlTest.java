package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quarry.agents.sql.ShopDatabases.ShopDatabase;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.ScriptedChatModel;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ask loop on the sample shop: generate, guard, run read-only, repair, answer. */
class TextToSqlTest {

  static List<ShopDatabase> databases() throws SQLException {
    return ShopDatabases.all();
  }

  private static TextToSql.Builder shop(ShopDatabase database, ScriptedChatModel model) {
    return TextToSql.builder(database.dataSource(), model)
        .allowTables(SampleShopDatabase.PUBLIC_TABLES.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void answersFromTheRowsOfTheGuardedQuery(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("```sql\nSELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status;\n```")
        .reply("Most orders were delivered.")
        .build();
    TextToSql textToSql = shop(database, model).build();

    TextToSqlResult result = textToSql.ask("How many orders are there per status?");

    assertThat(textToSql.dialect()).isEqualTo(database.dialect());
    assertThat(result.sql()).isEqualTo("(SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY"
        + " status LIMIT 100)");
    assertThat(result.columns()).extracting(String::toLowerCase).containsExactly("status", "n");
    assertThat(result.rows()).extracting(row -> row.get(0))
        .containsExactly("cancelled", "delivered", "placed", "shipped");
    assertThat(result.rows().stream().mapToLong(row -> ((Number) row.get(1)).longValue()).sum())
        .isEqualTo(SampleShopDatabase.ORDERS);
    assertThat(result.truncated()).isFalse();
    assertThat(result.answer()).contains("Most orders were delivered.");
    assertThat(result.attempts()).singleElement().satisfies(a -> {
      assertThat(a.succeeded()).isTrue();
      assertThat(a.verdict()).isEqualTo(new SqlVerdict.Accepted(result.sql()));
    });
    assertThat(result.usage().totalTokens()).isPositive();

    String system = text(model.requests().get(0).messages().get(0));
    assertThat(system).contains(database.dialect() == SqlDialect.H2 ? "H2" : "PostgreSQL")
        .contains("CREATE TABLE orders (").contains("status is placed, shipped, delivered or cancelled")
        .doesNotContain("staff_salaries");
    assertThat(model.requests().get(0).messages().get(1)).isEqualTo(new UserMessage(
        "How many orders are there per status?"));
    String answerPrompt = text(model.requests().get(1).messages().get(1));
    assertThat(answerPrompt).contains("How many orders are there per status?").contains(result.sql())
        .contains("4 rows").containsPattern("delivered \\| \\d+");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void lowersALargerLimitAndAddsAMissingOne(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT id FROM customers ORDER BY id LIMIT 1000")
        .reply("SELECT name FROM categories ORDER BY name")
        .reply("SELECT id FROM customers ORDER BY id LIMIT 3")
        .build();
    TextToSql textToSql = shop(database, model).maxRows(5).answer(false).build();

    TextToSqlResult lowered = textToSql.ask("List the customers");
    TextToSqlResult added = textToSql.ask("Name the categories");
    TextToSqlResult kept = textToSql.ask("The first three customers?");

    assertThat(lowered.sql()).endsWith("LIMIT 5)");
    assertThat(lowered.rows()).extracting(row -> row.get(0)).containsExactly(1, 2, 3, 4, 5);
    assertThat(lowered.truncated()).isTrue();
    assertThat(added.sql()).endsWith("ORDER BY name LIMIT 5)");
    assertThat(added.rows()).hasSize(5);
    assertThat(kept.sql()).endsWith("LIMIT 3)");
    assertThat(kept.rows()).hasSize(3);
    assertThat(kept.truncated()).isFalse();
    assertThat(kept.answer()).isEmpty();
    assertThat(model.requests()).hasSize(3); // no answer calls
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void tellsTheModelWhyAQueryWasRefusedAndLetsItRepairIt(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT e.last_name, s.salary FROM employees e JOIN staff_salaries s ON s.employee_id = e.id")
        .reply("SELECT COUNT(*) FROM employees")
        .reply("There are 15 employees.")
        .build();

    TextToSqlResult result = shop(database, model).build().ask("How much does each employee earn?");

    assertThat(result.attempts()).hasSize(2);
    SqlAttempt refused = result.attempts().get(0);
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.verdict()).isInstanceOfSatisfying(SqlVerdict.Refused.class,
        r -> assertThat(r.reason()).isEqualTo(SqlRefusalReason.TABLE_NOT_ALLOWED));
    assertThat(refused.databaseError()).isEmpty();
    assertThat(result.rows()).containsExactly(List.of(15L));
    List<Message> repair = model.requests().get(1).messages();
    assertThat(repair).hasSize(4);
    assertThat(repair.get(2)).isEqualTo(AssistantMessage.of(refused.generated()));
    assertThat(text(repair.get(3))).contains("refused").contains("TABLE_NOT_ALLOWED").contains("staff_salaries");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void givesTheDatabaseErrorToTheModelAndLetsItRepairTheQuery(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT AVG(price) FROM products")
        .reply("SELECT MAX(unit_price) AS top FROM products")
        .reply("The most expensive product costs ...")
        .build();

    TextToSqlResult result = shop(database, model).build().ask("What does the most expensive product cost?");

    assertThat(result.attempts()).hasSize(2);
    SqlAttempt failed = result.attempts().get(0);
    assertThat(failed.verdict().accepted()).isTrue();
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.databaseError()).hasValueSatisfying(e -> assertThat(e.toLowerCase()).contains("price"));
    assertThat(text(model.requests().get(1).messages().get(3)))
        .startsWith("The database returned an error for that query: " + failed.databaseError().get());
    assertThat(result.columns()).extracting(String::toLowerCase).containsExactly("top");
    assertThat(result.rows()).singleElement().satisfies(row -> assertThat(row.get(0)).isInstanceOf(
        BigDecimal.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void givesUpAfterTheRepairsWithTheLastReasonAndNothingWritten(ShopDatabase database) throws SQLException {
    Map<String, String> before = checksums(database);
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("DELETE FROM orders")
        .reply("SELECT * FROM orders; DROP TABLE orders")
        .reply("UPDATE products SET unit_price = 0")
        .build();
    TextToSql textToSql = shop(database, model).maxRepairs(2).build();

    TextToSqlException e = catchThrowableOfType(TextToSqlException.class,
        () -> textToSql.ask("Remove all orders"));

    assertThat(e).hasMessage("no query could be run after 3 attempts; the last query was refused"
        + " (NOT_A_SELECT): only SELECT queries are allowed, got UPDATE statement");
    assertThat(e.attempts()).extracting(a -> ((SqlVerdict.Refused) a.verdict()).reason())
        .containsExactly(SqlRefusalReason.NOT_A_SELECT, SqlRefusalReason.NOT_ONE_STATEMENT,
            SqlRefusalReason.NOT_A_SELECT);
    assertThat(model.remainingSteps()).isZero();
    assertThat(checksums(database)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void reportsTheLastDatabaseErrorWhenNoRepairIsLeft(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT no_such_column FROM orders").build();
    TextToSql textToSql = shop(database, model).maxRepairs(0).build();

    assertThatThrownBy(() -> textToSql.ask("?"))
        .isInstanceOf(TextToSqlException.class)
        .hasMessageStartingWith("no query could be run after 1 attempt; the last query failed in the database: ")
        .message().containsIgnoringCase("no_such_column");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void showsSampleValuesOfTextColumnsWhenAsked(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM orders").build();
    TextToSql textToSql = shop(database, model).sampleValues(3).answer(false).build();

    textToSql.ask("How many orders were cancelled?");

    assertThat(text(model.requests().get(0).messages().get(0)))
        .containsAnyOf("status CHARACTER VARYING(20) NOT NULL, -- e.g. 'cancelled', 'delivered', 'placed'",
            "status varchar(20) NOT NULL, -- e.g. 'cancelled', 'delivered', 'placed'")
        .contains("method")
        .doesNotContain("bank_account");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void letsTheModelSayTheTablesCannotAnswer(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT 'cannot answer: there is no weather data' AS error")
        .reply("The shop database has no weather data.")
        .build();

    TextToSqlResult result = shop(database, model).build().ask("Will it rain tomorrow?");

    assertThat(result.rows()).containsExactly(List.of("cannot answer: there is no weather data"));
    assertThat(text(model.requests().get(1).messages().get(1))).contains("cannot answer: there is no weather data");
  }

  @Test
  void answersQuestionsFromManyThreadsAtOnce() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.answering(request -> {
      String question = text(request.messages().get(1));
      String reply = text(request.messages().get(0)).startsWith("You write one SQL query")
          ? "SELECT COUNT(*) FROM orders WHERE customer_id = " + question.replaceAll("\\D", "")
          : "answer to " + question.substring(question.indexOf("Question: ") + 10, question.indexOf('\n'));
      return new ChatResponse(AssistantMessage.of(reply), TokenUsage.ZERO,
          FinishReason.STOP);
    });
    TextToSql textToSql = shop(ShopDatabases.all().get(0), model).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<TextToSqlResult>> futures = new ArrayList<>();
      for (int customer = 1; customer <= 40; customer++) {
        String question = "How many orders has customer " + customer + " placed?";
        futures.add(pool.submit(() -> textToSql.ask(question)));
      }
      for (int customer = 1; customer <= 40; customer++) {
        TextToSqlResult result = futures.get(customer - 1).get(30, TimeUnit.SECONDS);
        assertThat(result.sql()).contains("customer_id = " + customer + " ");
        assertThat(result.answer()).contains("answer to How many orders has customer " + customer + " placed?");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void detectsTheDialectOrAsksForIt() {
    assertThat(SqlDialect.detect("H2")).isEqualTo(SqlDialect.H2);
    assertThat(SqlDialect.detect("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
    assertThatThrownBy(() -> SqlDialect.detect("MySQL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'MySQL'").hasMessageContaining("dialect(SqlDialect.H2)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void allowsEveryTableOfTheSchemaWhenNoneIsNamed(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT COUNT(*) FROM staff_salaries").build();
    TextToSql textToSql = TextToSql.builder(database.dataSource(), model).answer(false).build();

    assertThat(textToSql.tables()).hasSize(10);
    assertThat(textToSql.ask("How many salaries?").rows()).containsExactly(List.of(15L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void keepsHiddenColumnsOutOfThePromptAndTheQuery(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT name, email FROM customers")
        .reply("SELECT * FROM customers")
        .reply("SELECT c.country, COUNT(*) AS n FROM customers c GROUP BY c.country ORDER BY n DESC, c.country")
        .build();
    TextToSql textToSql = TextToSql.builder(database.dataSource(), model)
        .allowTable("customers", Set.of("id", "country", "city")).answer(false).build();

    TextToSqlResult result = textToSql.ask("Where do customers live?");

    assertThat(text(model.requests().get(0).messages().get(0))).contains("country").doesNotContain("email");
    assertThat(result.attempts()).extracting(a -> a.verdict() instanceof SqlVerdict.Refused r ? r.reason() : null)
        .containsExactly(SqlRefusalReason.COLUMN_NOT_ALLOWED, SqlRefusalReason.COLUMN_NOT_ALLOWED, null);
    assertThat(result.rows()).hasSize(8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void refusesFunctionsTheApplicationDenies(ShopDatabase database) {
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("SELECT UPPER(name) AS name FROM categories")
        .reply("SELECT name FROM categories ORDER BY id")
        .build();
    TextToSql textToSql = shop(database, model).denyFunction("Upper").answer(false).build();

    TextToSqlResult result = textToSql.ask("List the categories");

    assertThat(result.attempts()).first().satisfies(a -> {
      SqlVerdict.Refused refused = (SqlVerdict.Refused) a.verdict();
      assertThat(refused.reason()).isEqualTo(SqlRefusalReason.FUNCTION_DENIED);
      assertThat(refused.message()).startsWith("function 'UPPER' is not allowed");
    });
    assertThat(result.rows()).hasSize(8).first().isEqualTo(List.of("Laptops"));
  }

  @Test
  void validatesItsOptions() throws SQLException {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("SELECT 1").build();
    TextToSql.Builder builder = TextToSql.builder(ShopDatabases.all().get(0).dataSource(), model);

    assertThatThrownBy(() -> builder.maxRows(0)).hasMessage("maxRows must be at least 1, got 0");
    assertThatThrownBy(() -> builder.denyFunction(" ")).hasMessage("function name must not be blank");
    assertThatThrownBy(() -> builder.maxRepairs(-1)).hasMessage("maxRepairs must be between 0 and 10, got -1");
    assertThatThrownBy(() -> builder.sampleValues(21)).hasMessage("sampleValues must be between 0 and 20, got 21");
    assertThatThrownBy(() -> builder.maxPromptTables(0)).hasMessage("maxPromptTables must be at least 1, got 0");
    assertThatThrownBy(() -> builder.statementTimeout(Duration.ZERO))
        .hasMessage("statementTimeout must be at least 1 ms, got PT0S");
    assertThatThrownBy(() -> builder.allowTables("public.orders")).hasMessageContaining("set schema(...)");
    assertThatThrownBy(() -> builder.allowTables("nowhere").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table 'nowhere' does not exist");
    assertThatThrownBy(() -> TextToSql.builder(ShopDatabases.all().get(0).dataSource(), model).build()
        .ask(" ")).hasMessage("question must not be blank");
  }

  static String text(Message message) {
    return switch (message) {
      case SystemMessage m -> m.text();
      case UserMessage m -> m.text();
      case AssistantMessage m -> m.text();
      default -> throw new AssertionError("unexpected " + message);
    };
  }

  static Map<String, String> checksums(ShopDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return SampleShopDatabase.checksums(connection);
    }
  }
}
