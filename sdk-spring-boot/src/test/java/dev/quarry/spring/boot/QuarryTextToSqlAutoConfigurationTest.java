package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.agents.sql.TextToSql;
import dev.quarry.agents.sql.TextToSqlException;
import dev.quarry.agents.sql.TextToSqlResult;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Text-to-SQL over the application's DataSource: the sample shop in H2, read by a user that may read only the
 * public tables (the admin user is refused under the default least-privilege check). The chat model is the
 * testkit's scripted one (a test double).
 */
class QuarryTextToSqlAutoConfigurationTest {
  private static final String URL = "jdbc:h2:mem:spring-shop-" + UUID.randomUUID();
  private static final String READER_PASSWORD = UUID.randomUUID().toString();
  private static Connection keepAlive;

  @BeforeAll
  static void createTheShop() throws Exception {
    keepAlive = admin().getConnection(); // keeps the in-memory database while the tests run
    SampleShopDatabase.create(keepAlive);
    Map<String, Set<String>> readable = new LinkedHashMap<>();
    readable.put("products", Set.of());
    readable.put("orders", Set.of());
    SampleShopDatabase.createReadOnlyUser(keepAlive, "reader", READER_PASSWORD, readable);
  }

  @AfterAll
  static void dropTheShop() throws Exception {
    keepAlive.close();
  }

  private static JdbcDataSource admin() {
    JdbcDataSource admin = new JdbcDataSource();
    admin.setURL(URL);
    return admin;
  }

  private static DataSource reader() {
    JdbcDataSource reader = admin();
    reader.setUser("reader");
    reader.setPassword(READER_PASSWORD);
    return reader;
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(QuarryAutoConfiguration.class, QuarryTextToSqlAutoConfiguration.class))
      .withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));

  @Test
  void offByDefault() {
    runner.withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::reader)
        .withBean(ChatModel.class, () -> ScriptedChatModel.builder().reply("unused").build())
        .run(context -> assertThat(context).doesNotHaveBean(TextToSql.class));
  }

  @Test
  void whenEnabledItAnswersFromTheAllowedTablesWithinTheLimits() {
    ChatModel model = ScriptedChatModel.builder()
        .reply("SELECT id, name FROM products ORDER BY id")
        .reply("Three products: ...") // the answer written from the rows
        .reply("SELECT salary FROM staff_salaries") // refused, then repaired twice (the default), refused again
        .reply("SELECT salary FROM staff_salaries")
        .reply("SELECT salary FROM staff_salaries")
        .build();
    runner.withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::reader)
        .withBean(ChatModel.class, () -> model)
        .withPropertyValues("quarry.sql.enabled=true", "quarry.sql.tables=products,orders",
            "quarry.sql.max-rows=3", "quarry.sql.statement-timeout=2s")
        .run(context -> {
          TextToSql sql = context.getBean(TextToSql.class);
          TextToSqlResult products = sql.ask("List the products");
          assertThat(products.rows()).hasSize(3);
          assertThat(products.truncated()).isTrue();
          assertThat(products.answer()).contains("Three products: ...");
          assertThatThrownBy(() -> sql.ask("What do staff earn?")).isInstanceOf(TextToSqlException.class)
              .hasMessageContaining("TABLE_NOT_ALLOWED");
        });
  }

  @Test
  void columnListsKeepTheOtherColumnsOutOfReach() {
    ChatModel model = ScriptedChatModel.builder()
        .reply("SELECT city FROM customers ORDER BY id LIMIT 2")
        .reply("They live in ...")
        .reply("SELECT email FROM customers")
        .reply("SELECT email FROM customers")
        .reply("SELECT email FROM customers")
        .build();
    runner.withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::admin)
        .withBean(ChatModel.class, () -> model)
        .withPropertyValues("quarry.sql.enabled=true", "quarry.sql.columns.customers=id,city",
            "quarry.sql.require-least-privilege=false", "quarry.sql.max-rows=10")
        .run(context -> {
          TextToSql sql = context.getBean(TextToSql.class);
          assertThat(sql.ask("Where do the first customers live?").rows()).hasSize(2);
          assertThatThrownBy(() -> sql.ask("What are their e-mails?")).isInstanceOf(TextToSqlException.class)
              .hasMessageContaining("COLUMN_NOT_ALLOWED");
        });
  }

  @Test
  void aRoleThatCanDoMoreThanReadIsRefusedUnlessThatIsSwitchedOff() {
    ApplicationContextRunner asAdmin = runner.withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::admin)
        .withBean(ChatModel.class, () -> ScriptedChatModel.builder().reply("unused").build())
        .withPropertyValues("quarry.sql.enabled=true", "quarry.sql.tables=products");
    asAdmin.run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("privilege"));
    asAdmin.withPropertyValues("quarry.sql.require-least-privilege=false").run(context ->
        assertThat(context.getBean(TextToSql.class).privilegeFindings()).isNotEmpty());
  }

  @Test
  void whatIsMissingIsNamedAtStartUp() {
    runner.withPropertyValues("quarry.sql.enabled=true", "quarry.sql.tables=products")
        .withBean(ChatModel.class, () -> ScriptedChatModel.builder().reply("unused").build())
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("needs exactly one DataSource bean"));
    runner.withPropertyValues("quarry.sql.enabled=true", "quarry.sql.tables=products")
        .withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::reader)
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("needs a chat model to write the SQL"));
    runner.withPropertyValues("quarry.sql.enabled=true", "quarry.sql.columns.customers=")
        .withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::reader)
        .withBean(ChatModel.class, () -> ScriptedChatModel.builder().reply("unused").build())
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("quarry.sql.columns.customers lists no column"));
    runner.withPropertyValues("quarry.sql.enabled=true")
        .withBean(DataSource.class, QuarryTextToSqlAutoConfigurationTest::reader)
        .withBean(ChatModel.class, () -> ScriptedChatModel.builder().reply("unused").build())
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("needs the tables the model may read"));
  }

  @Test
  void withoutTheAgentsModuleNothingIsConfigured() {
    runner.withClassLoader(new FilteredClassLoader(TextToSql.class))
        .withPropertyValues("quarry.sql.enabled=true", "quarry.sql.tables=products")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("quarryTextToSql"));
  }
}
