package dev.quarry.agents.sql;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.internal.Checks;
import dev.quarry.observation.ObservationKeys;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers questions about a relational database: the chat model writes SQL, {@link SqlGuard} checks it,
 * the accepted query runs read-only, and the model writes the answer from the rows.
 *
 * <pre>{@code
 * TextToSql sql = TextToSql.builder(dataSource, chatModel)
 *     .allowTables("customers", "orders", "order_items")
 *     .allowTable("employees", Set.of("id", "name", "department"))
 *     .build();
 * TextToSqlResult result = sql.ask("Which five customers spent the most in 2024?");
 * result.rows(); result.answer(); result.sql();
 * ToolBox tools = ToolBox.of(sql.asTool()); // or give it to an agent
 * }</pre>
 *
 * <p>For each question: the relevant tables' schema goes to the model with dialect notes; its reply is
 * checked by the guard (one read-only SELECT over allow-listed tables and columns, only allow-listed
 * functions, a row limit of at most {@code maxRows}; see {@link SqlGuard}); the guard's re-printed,
 * parenthesised SQL, never the raw reply, runs as a prepared statement on a fresh connection in a
 * transaction that is read-only where the database supports it (PostgreSQL; H2 has no read-only
 * transactions), with a statement timeout enforced by a watchdog (the call returns within twice the
 * timeout), and is always rolled back. Rows are read by their JDBC type, never deserialised as Java objects,
 * and capped by {@code maxRows} and {@code maxResultBytes}. A refusal or a database error goes back to the
 * model, which may repair the query up to {@code maxRepairs} times; then {@link TextToSqlException} says why
 * nothing worked.
 *
 * <p>Defence in depth: the database role should only be able to read the allowed tables and columns.
 * {@link Builder#build()} checks it and logs what the role could do beyond that (see
 * {@link #privilegeFindings()}), or refuses with {@link Builder#requireLeastPrivilege(boolean)}.
 *
 * <p>The schema (and the sample values, when asked for) is read once, in {@link Builder#build()}; build a
 * new instance after the schema changes. Without {@code allowTable(s)} every table and view of the schema is
 * allowed: name the tables explicitly in production, and let the connection's database role read only them.
 *
 * <p>Immutable and thread-safe; each question uses its own connection. The chat model must be thread-safe.
 */
public final class TextToSql {
  private static final Logger LOG = LoggerFactory.getLogger(TextToSql.class);

  /** Default statement timeout. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
  /** Default number of repairs after a refused or failed query. */
  public static final int DEFAULT_MAX_REPAIRS = 2;
  /** Default number of tables shown to the model; more are narrowed to the most relevant ones. */
  public static final int DEFAULT_MAX_PROMPT_TABLES = 30;
  /** Largest number of sample values per column. */
  public static final int MAX_SAMPLE_VALUES = 20;
  /** Default bound on the size of one result, measured while reading (text in UTF-8 bytes). */
  public static final long DEFAULT_MAX_RESULT_BYTES = 1 << 20;

  private final ChatModel model;
  private final SqlDialect dialect;
  private final DatabaseSchema schema;
  private final SqlGuard guard;
  private final ReadOnlyQueryRunner runner;
  private final TableSelector selector;
  private final int maxPromptTables;
  private final int maxRows;
  private final int maxRepairs;
  private final boolean answer;
  private final List<String> privilegeFindings;
  private final ObservationRegistry observations;

  private TextToSql(Builder b, SqlDialect dialect, DatabaseSchema schema, ReadOnlyQueryRunner runner,
      List<String> privilegeFindings, Set<String> schemaFunctions) {
    this.model = b.model;
    this.dialect = dialect;
    this.schema = schema;
    this.runner = runner;
    this.selector = new TableSelector(schema);
    this.maxPromptTables = b.maxPromptTables;
    this.maxRows = b.maxRows;
    this.maxRepairs = b.maxRepairs;
    this.answer = b.answer;
    this.privilegeFindings = List.copyOf(privilegeFindings);
    this.observations = b.observations;
    List<String> denied = new ArrayList<>(b.deniedFunctions);
    // a function of the schema could shadow a built-in of the same name, unless the application allows it
    schemaFunctions.stream().filter(name -> b.allowedFunctions.stream().noneMatch(name::equalsIgnoreCase))
        .forEach(denied::add);
    this.guard = SchemaGuard.of(schema, dialect, b.maxRows, denied, b.allowedFunctions);
  }

  /**
   * Starts a builder.
   *
   * @param dataSource where the questions are answered; connect as a role that may only read the allowed
   *                   tables
   * @param model      writes the SQL and the answers; must be thread-safe
   */
  public static Builder builder(DataSource dataSource, ChatModel model) {
    return new Builder(Checks.requireNonNull(dataSource, "dataSource"),
        Checks.requireNonNull(model, "model"));
  }

  /**
   * Answers a question: writes, checks and runs SQL (repairing it when refused or failed) and, unless
   * answers are off, has the model write the answer from the rows.
   *
   * @throws IllegalArgumentException when the question is blank
   * @throws TextToSqlException       when no attempt produced a query that ran, or a connection could not be
   *     prepared for a read-only query
   * @throws RetriableException       when the database cannot be reached or the connection broke (SQLSTATE
   *     class 08): asking again later may work. Exceptions from the chat model pass through unchanged.
   */
  public TextToSqlResult ask(String question) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question must not be blank");
    }
    String system = SqlPrompts.generation(dialect, schema.folding(), selector.select(question, maxPromptTables),
        maxRows);
    List<Message> conversation = new ArrayList<>();
    conversation.add(new SystemMessage(system));
    conversation.add(new UserMessage(question));
    List<SqlAttempt> attempts = new ArrayList<>();
    TokenUsage usage = TokenUsage.ZERO;
    for (int round = 0; round <= maxRepairs; round++) {
      long start = System.nanoTime();
      ChatResponse response = model.chat(ChatRequest.builder(conversation).build());
      usage = usage.plus(response.usage());
      String reply = response.message().text();
      conversation.add(AssistantMessage.of(reply.isBlank() ? "(no reply)" : reply));
      SqlVerdict verdict = guard.check(SqlExtractor.extract(reply));
      if (verdict instanceof SqlVerdict.Refused refused) {
        Observations.run(sqlObservation("refused"), () -> { }); // counted: what the guard stopped
        attempts.add(new SqlAttempt(reply, verdict, Optional.empty(), since(start)));
        LOG.debug("attempt {} refused ({}): {}", attempts.size(), refused.reason(), refused.message());
        conversation.add(new UserMessage(SqlPrompts.refused(refused)));
        continue;
      }
      String sql = ((SqlVerdict.Accepted) verdict).sql();
      QueryRows rows;
      try {
        rows = observedQuery(sql);
      } catch (SQLException e) {
        String error = SqlPrompts.databaseError(e, ReadOnlyQueryRunner.isTimeout(e), runner.timeoutMillis());
        attempts.add(new SqlAttempt(reply, verdict, Optional.of(error), since(start)));
        LOG.debug("attempt {} failed in the database: {}", attempts.size(), error);
        conversation.add(new UserMessage(SqlPrompts.failed(error)));
        continue;
      } catch (ReadOnlyQueryRunner.SetupException e) {
        if (e.transientFailure()) {
          throw new RetriableException(e.getMessage(), e.getCause());
        }
        throw new TextToSqlException(e.getMessage(), attempts, e.getCause());
      }
      attempts.add(new SqlAttempt(reply, verdict, Optional.empty(), since(start)));
      boolean truncated = rows.truncated();
      Optional<String> answerText = Optional.empty();
      if (answer) {
        ChatResponse written = model.chat(ChatRequest.of(new SystemMessage(SqlPrompts.answerSystem()),
            new UserMessage(SqlPrompts.answerUser(question, sql, rows, truncated))));
        usage = usage.plus(written.usage());
        answerText = Optional.of(written.message().text().strip());
      }
      return new TextToSqlResult(question, sql, rows.columns(), rows.rows(), truncated, answerText, attempts,
          usage);
    }
    throw new TextToSqlException(failureMessage(attempts), attempts);
  }

  /** The rows of {@code sql}, run under a {@code quarry.sql.query} observation of an accepted query. */
  private QueryRows observedQuery(String sql) throws SQLException, ReadOnlyQueryRunner.SetupException {
    Observation observation = sqlObservation("accepted");
    try {
      return Observations.observe(observation, () -> {
        QueryRows rows = runner.query(sql, maxRows);
        observation.highCardinalityKeyValue(ObservationKeys.RECORDS, Integer.toString(rows.rows().size()));
        return rows;
      });
    } catch (SQLException | ReadOnlyQueryRunner.SetupException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("unexpected failure of a query", e); // the runner throws nothing else
    }
  }

  private Observation sqlObservation(String verdict) {
    String system = dialect.name().toLowerCase(Locale.ROOT);
    return Observation.createNotStarted(ObservationNames.SQL_QUERY, observations)
        .contextualName("SELECT " + system)
        .lowCardinalityKeyValue(ObservationKeys.DB_SYSTEM_NAME, system)
        .lowCardinalityKeyValue(ObservationKeys.DB_OPERATION_NAME, "SELECT")
        .lowCardinalityKeyValue(ObservationKeys.SQL_VERDICT, verdict);
  }

  /**
   * This instance as an agent tool named {@code query_database}; see {@link TextToSqlTool}.
   */
  public TextToSqlTool asTool() {
    return new TextToSqlTool(this);
  }

  /** The dialect in use, given or detected. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** The schema the tables are read from, spelled as the database stores it. */
  public String schema() {
    return schema.schema();
  }

  /**
   * What the database role could do beyond reading the allowed tables and columns, found when this instance
   * was built (see {@link Builder#requireLeastPrivilege(boolean)}); empty when the role is least-privilege.
   */
  public List<String> privilegeFindings() {
    return privilegeFindings;
  }

  /** The allowed tables, spelled as the database stores them, in name order. */
  public List<String> tables() {
    return schema.tables().stream().map(DatabaseSchema.Table::name).toList();
  }

  private String failureMessage(List<SqlAttempt> attempts) {
    SqlAttempt last = attempts.get(attempts.size() - 1);
    String why = last.verdict() instanceof SqlVerdict.Refused refused
        ? "the last query was refused (" + refused.reason() + "): " + refused.message()
        : "the last query failed in the database: " + last.databaseError().orElse("unknown error");
    return "no query could be run after " + attempts.size() + (attempts.size() == 1 ? " attempt" : " attempts")
        + "; " + why;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Collects the options of a {@link TextToSql}; not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private final ChatModel model;
    private final Map<String, Set<String>> allow = new LinkedHashMap<>();
    private final List<String> deniedFunctions = new ArrayList<>();
    private final List<String> allowedFunctions = new ArrayList<>();
    private Optional<SqlDialect> dialect = Optional.empty();
    private Optional<String> schema = Optional.empty();
    private int sampleValues;
    private int maxPromptTables = DEFAULT_MAX_PROMPT_TABLES;
    private int maxRows = SqlGuard.DEFAULT_MAX_ROWS;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private int maxRepairs = DEFAULT_MAX_REPAIRS;
    private boolean answer = true;
    private ObservationRegistry observations = ObservationRegistry.NOOP;
    private long maxResultBytes = DEFAULT_MAX_RESULT_BYTES;
    private boolean requireLeastPrivilege;

    private Builder(DataSource dataSource, ChatModel model) {
      this.dataSource = dataSource;
      this.model = model;
    }

    /** The database's dialect; by default detected from the JDBC product name (H2 or PostgreSQL). */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Optional.of(Checks.requireNonNull(dialect, "dialect"));
      return this;
    }

    /**
     * The schema whose tables are used; by default the connection's current schema. Queries name the tables
     * unqualified (the schema is pinned when they run), or {@code schema.table} when the schema's stored
     * name is in the case the database folds unquoted names to.
     */
    public Builder schema(String schema) {
      if (schema == null || schema.isBlank()) {
        throw new IllegalArgumentException("schema must not be blank");
      }
      this.schema = Optional.of(schema.strip());
      return this;
    }

    /**
     * Allows every column of these tables of the schema (names as stored, or matching case-insensitively).
     * Without any allowed table, every table and view of the schema is allowed; an explicit list is
     * recommended.
     */
    public Builder allowTables(String... tables) {
      Checks.requireNonNull(tables, "tables");
      for (String table : tables) {
        allowTable(table, Set.of());
      }
      return this;
    }

    /** Allows only the given columns of a table; an empty set allows every column. */
    public Builder allowTable(String table, Set<String> columns) {
      if (table == null || table.isBlank()) {
        throw new IllegalArgumentException("table name must not be blank");
      }
      if (table.contains(".")) {
        throw new IllegalArgumentException("table '" + table + "' must be a plain name; set schema(...) for"
            + " another schema");
      }
      Checks.requireNonNull(columns, "columns");
      for (String column : columns) {
        if (column == null || column.isBlank()) {
          throw new IllegalArgumentException("blank column name for table '" + table + "'");
        }
      }
      allow.put(table.strip(), Set.copyOf(columns));
      return this;
    }

    /**
     * How many distinct values of each allowed text column to show the model (read at build time, in
     * read-only transactions with the statement timeout); default 0, none. At most
     * {@value TextToSql#MAX_SAMPLE_VALUES}, each cut at 50 characters. Samples show real data to the model:
     * leave them off for sensitive columns, or exclude those columns. Text written by users (reviews, notes)
     * may also carry instructions to the model; the guard still bounds what runs, but exclude such columns
     * from the allow-list when they are not needed.
     */
    public Builder sampleValues(int sampleValues) {
      if (sampleValues < 0 || sampleValues > MAX_SAMPLE_VALUES) {
        throw new IllegalArgumentException("sampleValues must be between 0 and " + MAX_SAMPLE_VALUES + ", got "
            + sampleValues);
      }
      this.sampleValues = sampleValues;
      return this;
    }

    /**
     * The most tables shown to the model for one question; larger allow-lists are narrowed to the most
     * relevant tables and their foreign-key neighbours. Default {@value TextToSql#DEFAULT_MAX_PROMPT_TABLES}.
     */
    public Builder maxPromptTables(int maxPromptTables) {
      if (maxPromptTables < 1) {
        throw new IllegalArgumentException("maxPromptTables must be at least 1, got " + maxPromptTables);
      }
      this.maxPromptTables = maxPromptTables;
      return this;
    }

    /**
     * Takes one more function off the guard's allow-list (case-insensitive): for example an expensive
     * built-in. Functions outside the dialect's allow-list of built-ins that compute over their arguments are
     * refused anyway, and so are functions the schema itself defines under a built-in's name.
     *
     * @throws IllegalArgumentException when {@code name} is null or blank
     */
    public Builder denyFunction(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("function name must not be blank");
      }
      deniedFunctions.add(name.strip());
      return this;
    }

    /**
     * Allows one more function by its unqualified name, such as a user-defined function that only computes
     * over its arguments; see {@link SqlGuard.Builder#allowFunction(String)}. The guard cannot see inside it:
     * allow only functions that neither write, nor read tables, nor run for long.
     *
     * @throws IllegalArgumentException when {@code name} is not a plain unquoted name
     */
    public Builder allowFunction(String name) {
      allowedFunctions.add(AllowedFunctions.plainName(name));
      return this;
    }

    /**
     * The most a result may hold, measured while its rows are read (text in UTF-8 bytes, other values by
     * the length of their text); reading stops there and the result is marked truncated. Default
     * {@value TextToSql#DEFAULT_MAX_RESULT_BYTES} (1 MiB), at least 1,024.
     */
    public Builder maxResultBytes(long maxResultBytes) {
      if (maxResultBytes < 1024) {
        throw new IllegalArgumentException("maxResultBytes must be at least 1024, got " + maxResultBytes);
      }
      this.maxResultBytes = maxResultBytes;
      return this;
    }

    /**
     * Whether {@link #build()} refuses a database role that can do more than read the allowed tables and
     * columns (a superuser or admin, a role that can write, create or read tables and columns that are not
     * allowed, a PostgreSQL role whose transactions are not read-only by default). Default false: such a
     * role is allowed, each finding is logged as a warning and kept in {@link TextToSql#privilegeFindings()}.
     * The guard is one layer; set this in production so that the database is another.
     */
    public Builder requireLeastPrivilege(boolean requireLeastPrivilege) {
      this.requireLeastPrivilege = requireLeastPrivilege;
      return this;
    }

    /** The most rows a query returns; default {@value SqlGuard#DEFAULT_MAX_ROWS}. */
    public Builder maxRows(int maxRows) {
      if (maxRows < 1) {
        throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
      }
      this.maxRows = maxRows;
      return this;
    }

    /** How long one query may run before the database cancels it; default 10 seconds, at least 1 ms. */
    public Builder statementTimeout(Duration statementTimeout) {
      Checks.requireNonNull(statementTimeout, "statementTimeout");
      if (statementTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("statementTimeout must be at least 1 ms, got " + statementTimeout);
      }
      this.statementTimeout = statementTimeout;
      return this;
    }

    /**
     * How many times the model may repair a refused or failed query; 0 means one attempt only. Default
     * {@value TextToSql#DEFAULT_MAX_REPAIRS}.
     */
    public Builder maxRepairs(int maxRepairs) {
      if (maxRepairs < 0 || maxRepairs > 10) {
        throw new IllegalArgumentException("maxRepairs must be between 0 and 10, got " + maxRepairs);
      }
      this.maxRepairs = maxRepairs;
      return this;
    }

    /** Whether the model writes an answer from the rows (a second model call); default true. */
    public Builder answer(boolean answer) {
      this.answer = answer;
      return this;
    }

    /**
     * Where each query is observed ({@code quarry.sql.query}: the dialect, whether the guard accepted it, the rows
     * read, the failure's type); the chat model's calls are observed when it is an {@code ObservedChatModel}. None
     * ({@link ObservationRegistry#NOOP}) unless set.
     */
    public Builder observationRegistry(ObservationRegistry observations) {
      this.observations = Checks.requireNonNull(observations, "observation registry");
      return this;
    }

    /**
     * Detects the dialect, reads the schema (and sample values) and returns an immutable instance.
     *
     * @throws IllegalArgumentException when the database is neither H2 nor PostgreSQL and no dialect is
     *     set, or a schema, table or column does not exist
     * @throws TextToSqlException       when the database cannot be read
     */
    public TextToSql build() {
      DatabaseSetup setup = DatabaseSetup.read(dataSource, dialect, schema, allow);
      if (!setup.privilegeFindings().isEmpty() && requireLeastPrivilege) {
        throw new TextToSqlException("the database role may do more than read the allowed tables and columns,"
            + " and least privilege is required: " + String.join("; ", setup.privilegeFindings()), List.of());
      }
      setup.privilegeFindings().forEach(finding -> LOG.warn("text-to-SQL over schema '{}': {}",
          setup.schema().schema(), finding));
      ReadOnlyQueryRunner runner = new ReadOnlyQueryRunner(dataSource, setup.dialect(), setup.schema().schema(),
          statementTimeout, maxResultBytes);
      DatabaseSchema read = setup.schema();
      if (sampleValues > 0) {
        try {
          read = SampleReader.withSamples(read, runner, sampleValues);
        } catch (SQLException | ReadOnlyQueryRunner.SetupException e) {
          throw new TextToSqlException("could not read sample values: " + e.getMessage(), List.of(), e);
        }
      }
      return new TextToSql(this, setup.dialect(), read, runner, setup.privilegeFindings(),
          setup.schemaFunctions());
    }
  }
}
