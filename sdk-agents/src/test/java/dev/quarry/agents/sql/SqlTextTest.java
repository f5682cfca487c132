package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lexical check on the text that runs: one statement, no comment, nothing either database reads
 * differently, by the rules of both H2 and PostgreSQL.
 */
class SqlTextTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "(SELECT id FROM orders LIMIT 10)",
      "(SELECT 'a;b -- c /* d */ // e $ ? { }' AS x LIMIT 1)",
      "(SELECT 'it''s' AS x, \"quoted \"\" name\" LIMIT 1)",
      "WITH \"quarry cte 1\" AS (SELECT 1 AS n) (SELECT n FROM \"quarry cte 1\" q LIMIT 5)",
      "(SELECT X'0102', N'text', B'01' LIMIT 1)",
      "(SELECT a - -1, b / 2, c * 3 FROM t LIMIT 1)"})
  void acceptsOneStatementWithoutComments(String text) {
    assertThatCode(() -> SqlText.requireOneStatement(text)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(SELECT 1); DELETE FROM t",
      "(SELECT 1 -- hidden\n)",
      "(SELECT 1 /* hidden */)",
      "(SELECT 1 // hidden\n)",
      "(SELECT 1 */ )",
      "(SELECT 'a\\' AS x)",
      "(SELECT E'a' AS x)",
      "(SELECT U&'a' AS x)",
      "(SELECT U&\"a\" AS x)",
      "(SELECT $$a$$ AS x)",
      "(SELECT id FROM t WHERE id = ?)",
      "(SELECT {fn user()})",
      "(SELECT a[1] FROM t)",
      "(SELECT `a` FROM t)",
      "(SELECT 'unterminated)",
      "(SELECT \"unterminated)",
      "(SELECT 1 # 2)",
      "(SELECT '\u0000' AS x)",
      "(SELECT 1\u000b)"})
  void refusesWhatCouldHideOrSplitAStatement(String text) {
    assertThatThrownBy(() -> SqlText.requireOneStatement(text)).isInstanceOf(SqlRefusedException.class)
        .hasMessageContaining("the query as it would run holds");
  }
}
