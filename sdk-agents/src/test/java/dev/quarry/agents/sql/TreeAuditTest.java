package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;

class TreeAuditTest {

  private final TreeAudit audit = new TreeAudit();

  @Test
  void refusesTreeWithUncheckedTableOrFunction() throws Exception {
    Statement statement = CCJSqlParserUtil.parse("SELECT upper(name) FROM secrets");
    PlainSelect select = (PlainSelect) statement;
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(select);

    assertThatThrownBy(() -> audit.require(select, seen))
        .isInstanceOf(SqlRefusedException.class)
        .hasMessageContaining("not checked");
  }

  @Test
  void acceptsTreeWhoseCheckableNodesWereAllSeen() throws Exception {
    PlainSelect select = (PlainSelect) CCJSqlParserUtil.parse("SELECT 1 + 2");
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(select);

    assertThatCode(() -> audit.require(select, seen)).doesNotThrowAnyException();
  }
}
