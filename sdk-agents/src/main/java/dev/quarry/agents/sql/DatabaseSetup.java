package dev.quarry.agents.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What {@link TextToSql.Builder#build()} reads from the database on one connection: the dialect (given or
 * detected), the allowed part of the schema, what the role could do beyond reading it
 * ({@link RolePrivileges}) and the names of the functions the schema defines itself. Immutable.
 */
record DatabaseSetup(SqlDialect dialect, DatabaseSchema schema, List<String> privilegeFindings,
    Set<String> schemaFunctions) {

  DatabaseSetup {
    privilegeFindings = List.copyOf(privilegeFindings);
    schemaFunctions = Set.copyOf(schemaFunctions);
  }

  /**
   * Reads it.
   *
   * @throws TextToSqlException when the database cannot be read
   */
  static DatabaseSetup read(DataSource dataSource, Optional<SqlDialect> dialect, Optional<String> schema,
      Map<String, Set<String>> allow) {
    try (Connection connection = dataSource.getConnection()) {
      SqlDialect chosen = dialect.isPresent()
          ? dialect.get() : SqlDialect.detect(connection.getMetaData().getDatabaseProductName());
      DatabaseSchema read = SchemaReader.read(connection, schema, allow);
      return new DatabaseSetup(chosen, read, privilegeFindings(connection, chosen, read),
          SchemaReader.functionNames(connection, read.schema()));
    } catch (SQLException e) {
      throw new TextToSqlException("could not read the database schema: " + e.getMessage(), List.of(), e);
    }
  }

  private static List<String> privilegeFindings(Connection connection, SqlDialect dialect, DatabaseSchema schema) {
    try {
      return RolePrivileges.findings(connection, dialect, schema);
    } catch (SQLException e) {
      return List.of("the role's privileges could not be checked (" + e.getMessage() + ")");
    }
  }
}
