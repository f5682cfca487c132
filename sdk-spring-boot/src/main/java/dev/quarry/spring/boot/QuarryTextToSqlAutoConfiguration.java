package dev.quarry.spring.boot;

import dev.quarry.agents.sql.TextToSql;
import dev.quarry.api.chat.ChatModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link TextToSql} over the application's {@link DataSource} when {@code quarry.sql.enabled=true}: only the tables
 * of {@code quarry.sql.tables} (all columns) and {@code quarry.sql.columns.<table>} (the columns listed), with the
 * row, time and size limits of {@code quarry.sql.*}. By default start-up fails when the DataSource's database role
 * can do more than read those tables ({@code quarry.sql.require-least-privilege}), so that the database enforces
 * what the guard promises. Needs {@code quarry-agents} on the class path, a DataSource and a chat model; a missing
 * one is named in the start-up failure rather than skipped in silence.
 */
@AutoConfiguration(after = {QuarryAutoConfiguration.class, QuarryChatModelAutoConfiguration.class},
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(TextToSql.class)
@ConditionalOnBooleanProperty("quarry.sql.enabled")
@EnableConfigurationProperties(QuarryProperties.class)
public class QuarryTextToSqlAutoConfiguration {

  /** Text-to-SQL over the application's database, limited by {@code quarry.sql.*}. */
  @Bean
  @ConditionalOnMissingBean(TextToSql.class)
  public TextToSql quarryTextToSql(QuarryProperties properties, ObjectProvider<DataSource> dataSource,
      ObjectProvider<ChatModel> chatModel) {
    QuarryProperties.Sql sql = properties.getSql();
    DataSource database = dataSource.getIfUnique();
    if (database == null) {
      throw new IllegalStateException("quarry.sql.enabled=true needs exactly one DataSource bean (set"
          + " spring.datasource.url), found " + dataSource.stream().count());
    }
    ChatModel model = chatModel.getIfUnique();
    if (model == null) {
      throw new IllegalStateException("quarry.sql.enabled=true needs a chat model to write the SQL: a Quarry,"
          + " LangChain4j or Spring AI ChatModel bean");
    }
    if (sql.getTables().isEmpty() && sql.getColumns().isEmpty()) {
      throw new IllegalStateException("quarry.sql.enabled=true needs the tables the model may read:"
          + " quarry.sql.tables=orders,products and/or quarry.sql.columns.customers=id,city");
    }
    TextToSql.Builder builder = TextToSql.builder(database, model)
        .maxRows(sql.getMaxRows())
        .statementTimeout(sql.getStatementTimeout())
        .maxResultBytes(sql.getMaxResultBytes())
        .requireLeastPrivilege(sql.isRequireLeastPrivilege());
    if (!sql.getTables().isEmpty()) {
      builder.allowTables(sql.getTables().toArray(String[]::new));
    }
    for (Map.Entry<String, List<String>> table : sql.getColumns().entrySet()) {
      if (table.getValue().stream().allMatch(column -> column == null || column.isBlank())) {
        throw new IllegalStateException("quarry.sql.columns." + table.getKey() + " lists no column (an empty"
            + " list would allow every column): name the columns the model may read, or put the table in"
            + " quarry.sql.tables to allow all of them");
      }
      builder.allowTable(table.getKey(), new HashSet<>(table.getValue()));
    }
    return builder.build();
  }
}
