package dev.quarry.agents.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values of Java object types are never deserialised in the application: an H2 column holding a serialised
 * object whose {@code readObject} would run (a gadget), or a set nested so deeply that deserialising it spins,
 * comes back as a placeholder naming its type, alone or in an array, and the gadget never runs.
 */
class JavaObjectValuesTest {
  private static final JdbcDataSource H2 = new JdbcDataSource();

  /** A test double of a deserialisation gadget: counts how often its {@code readObject} runs. */
  static final class Gadget implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  @BeforeAll
  static void storeObjects() throws Exception {
    H2.setURL("jdbc:h2:mem:java-objects;DB_CLOSE_DELAY=-1");
    try (Connection connection = H2.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE things (id INT PRIMARY KEY, thing JAVA_OBJECT, other OTHER)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO things VALUES (?, ?, ?)")) {
        insert.setInt(1, 1);
        insert.setObject(2, new Gadget());
        insert.setObject(3, nestedSets(30));
        insert.execute();
      }
    }
    Gadget.READS.set(0);
  }

  @Test
  void javaObjectsComeBackAsTheirTypeNameAndAreNeverDeserialised() throws Exception {
    ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(H2, SqlDialect.H2, "PUBLIC", Duration.ofSeconds(5),
        TextToSql.DEFAULT_MAX_RESULT_BYTES);

    QueryRows rows = runner.query("SELECT id, thing, other, ARRAY[thing] AS things FROM things", 10);

    assertThat(rows.rows()).singleElement().satisfies(row -> {
      assertThat(row.get(0)).isEqualTo(1);
      assertThat(row.subList(1, 4)).allSatisfy(value -> assertThat(value).asString().startsWith("(a value of type")
          .endsWith("not shown)"));
    });
    assertThat(Gadget.READS).as("gadget deserialisations").hasValue(0);
  }

  @Test
  void theGuardRefusesBuildingJavaObjectsAndAQueryReadingThemStaysSafe() {
    SqlGuard guard = SqlGuard.builder(SqlDialect.H2).allowTable("things").build();

    assertThat(guard.check("SELECT CAST(X'ACED0005' AS JAVA_OBJECT) AS x FROM things"))
        .isInstanceOfSatisfying(SqlVerdict.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(SqlRefusalReason.TYPE_NOT_ALLOWED));
    assertThat(guard.check("SELECT thing FROM things").accepted()).isTrue();
  }

  /** A set holding sets thirty levels deep: deserialising such a graph spins (the review saw an OutOfMemoryError). */
  private static Set<Object> nestedSets(int depth) {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < depth; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("x");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

}
