package dev.quarry.vectorstore.pgvector;

import com.pgvector.PGvector;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link VectorStore} on PostgreSQL with the pgvector extension: one table holds each chunk's id, document id,
 * text, offsets, metadata and vector, with an HNSW index on the vectors for the chosen {@link Metric}.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);   // the caller's pool, with its credentials and TLS
 * PgVectorStore store = PgVectorStore.builder(pool, 384).table("docs_chunks").build();
 * }</pre>
 *
 * <p>The caller gives the {@link DataSource} (a pool such as HikariCP: the URL, credentials, TLS and connect
 * timeouts are its settings) and keeps ownership of it. The table is created on first use unless {@link
 * Builder#createIfMissing} is off; an existing table whose vector dimension or metric differs from the builder's
 * is refused naming both values.
 *
 * <p>Semantics are the embedded store's ({@code VectorStoreContract}): an upsert is one transaction, so a batch is
 * stored whole or not at all, however many statements of {@link Builder#batchSize} rows it takes; metadata keeps
 * its exact types ({@link PgMetadata}) and filters select exactly what {@link Filter#matches} selects ({@link
 * PgFilters}); searches with a filter walk the HNSW index iteratively (pgvector 0.8+), so {@code k} hits come back
 * whenever {@code k} rows match, within pgvector's {@code hnsw.max_scan_tuples}. Text that PostgreSQL cannot hold
 * (a NUL character or an unpaired surrogate) in an id or a chunk's text is refused with {@link
 * IllegalArgumentException}, as is such a metadata key; metadata values keep any string exactly.
 *
 * <p>Failures reach callers as {@code RetriableException} (connection lost, timeout, serialisation failure: the
 * whole call can be repeated, and a repeated upsert is idempotent) or {@code NonRetriableException} (authentication,
 * permissions, a missing table), each with the server's message. Thread-safe: every call takes its own connection
 * from the data source.
 */
public final class PgVectorStore implements VectorStore {
  /** The table unless set. */
  public static final String DEFAULT_TABLE = "quarry_chunks";
  /** Rows per INSERT statement unless set. */
  public static final int DEFAULT_BATCH_SIZE = 500;
  /** The most rows one INSERT statement takes: 7 parameters a row, 65,535 a statement. */
  public static final int MAX_BATCH_SIZE = 9_000;
  /** The largest {@code hnsw.ef_search} pgvector accepts; larger requests search exactly. */
  static final int MAX_EF_SEARCH = 1000;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final String COLUMNS = "id, document_id, content, start_offset, end_offset, metadata::text";

  private final DataSource dataSource;
  private final String table;
  private final String quotedTable;
  private final int dimension;
  private final Metric metric;
  private final int batchSize;
  private final Duration queryTimeout;
  private final boolean exactSearch;
  private final Transactions transactions;

  private PgVectorStore(Builder b) {
    this.dataSource = b.dataSource;
    this.table = b.table;
    this.quotedTable = quote(b.table);
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.batchSize = b.batchSize;
    this.queryTimeout = b.queryTimeout;
    this.exactSearch = !b.hnswIndex;
    this.transactions = new Transactions(b.dataSource);
  }

  /**
   * Starts a store of {@code dimension}-d vectors on {@code dataSource}.
   *
   * @throws IllegalArgumentException if {@code dataSource} is null or {@code dimension} is not in 1..16000
   */
  public static Builder builder(DataSource dataSource, int dimension) {
    if (dataSource == null) {
      throw new IllegalArgumentException("data source must not be null");
    }
    if (dimension < 1 || dimension > 16_000) {
      throw new IllegalArgumentException("dimension must be in 1..16000 (pgvector's limit), was " + dimension);
    }
    return new Builder(dataSource, dimension);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** How vectors are compared. */
  public Metric metric() {
    return metric;
  }

  /** The table holding the records. */
  public String table() {
    return table;
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    checkBatch(records);
    if (records.isEmpty()) {
      return;
    }
    // In id order, so concurrent upserts of overlapping ids lock rows in one order and cannot deadlock.
    List<VectorRecord> ordered = records.stream().sorted(java.util.Comparator.comparing(VectorRecord::id)).toList();
    transactions.run("an upsert of " + records.size() + " records into " + table, connection -> {
      for (int from = 0; from < ordered.size(); from += batchSize) {
        List<VectorRecord> part = ordered.subList(from, Math.min(ordered.size(), from + batchSize));
        try (PreparedStatement insert = connection.prepareStatement(insertSql(part.size()))) {
          int p = 1;
          for (VectorRecord r : part) {
            Chunk c = r.chunk();
            insert.setString(p++, c.id());
            insert.setString(p++, c.documentId());
            insert.setString(p++, c.text());
            insert.setInt(p++, c.startOffset());
            insert.setInt(p++, c.endOffset());
            insert.setString(p++, PgMetadata.encode(c.metadata()));
            insert.setObject(p++, new PGvector(prepare(r.vector(), "record '" + c.id() + "'")));
          }
          timeout(insert);
          insert.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    if (request.dimension() != dimension) {
      throw new IllegalArgumentException(
          "query has " + request.dimension() + " dimensions, the store has " + dimension);
    }
    int k = request.maxResults();
    float[] query = prepare(request.vector(), "the query");
    PgFilters.Condition where = request.filter().map(PgFilters::of).orElse(null);
    String sql = "SELECT " + COLUMNS + ", embedding " + distanceOperator() + " ?::vector AS distance FROM "
        + quotedTable + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY distance, id LIMIT ?";
    return transactions.run("a search of " + table, connection -> {
      boolean exact = exactSearch || k > MAX_EF_SEARCH;
      tuneSearch(connection, k, exact);
      List<Row> rows = select(connection, sql, query, where, k);
      if (rows.size() < k && !exact) {
        // The index may stop short (dead entries of replaced or deleted rows, a filter few rows pass, its scan
        // limits); fewer than k rows from it is answered exactly, so k come back whenever k rows match.
        tuneSearch(connection, k, true);
        rows = select(connection, sql, query, where, k);
      }
      List<SearchHit> hits = new ArrayList<>(rows.size());
      for (Row row : rows) {
        if (row.score() >= request.minScore()) {
          hits.add(new SearchHit(row.chunk(), row.score()));
        }
      }
      return List.copyOf(hits);
    });
  }

  private List<Row> select(Connection connection, String sql, float[] query, PgFilters.Condition where, int k)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int p = 1;
      select.setObject(p++, new PGvector(query));
      if (where != null) {
        p = bind(connection, select, p, where.parameters());
      }
      select.setInt(p, k);
      timeout(select);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(new Row(chunk(result), score(result.getDouble("distance"))));
        }
      }
      return rows;
    }
  }

  /** A row a search read, before the {@code minScore} cut. */
  private record Row(Chunk chunk, double score) {}

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    Set<String> unique = distinct(ids);
    if (unique.isEmpty()) {
      return List.of();
    }
    return transactions.run("a get from " + table, connection -> {
      Map<String, VectorRecord> found = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT " + COLUMNS + ", embedding::text FROM " + quotedTable + " WHERE id = ANY (?)")) {
        select.setArray(1, connection.createArrayOf("text", unique.toArray()));
        timeout(select);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.put(rows.getString("id"), new VectorRecord(chunk(rows), new PGvector(rows.getString(7)).toArray()));
          }
        }
      }
      return unique.stream().filter(found::containsKey).map(found::get).toList();
    });
  }

  @Override
  public int delete(Collection<String> ids) {
    Set<String> unique = distinct(ids);
    if (unique.isEmpty()) {
      return 0;
    }
    return transactions.run("a delete of " + unique.size() + " ids from " + table, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM " + quotedTable + " WHERE id = ANY (?)")) {
        delete.setArray(1, connection.createArrayOf("text", unique.toArray()));
        timeout(delete);
        return delete.executeUpdate();
      }
    });
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    PgFilters.Condition where = PgFilters.of(filter);
    return transactions.run("a delete where " + filter + " from " + table, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM " + quotedTable + " WHERE " + where.sql())) {
        bind(connection, delete, 1, where.parameters());
        timeout(delete);
        return delete.executeUpdate();
      }
    });
  }

  @Override
  public long count() {
    return transactions.run("a count of " + table, connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM " + quotedTable)) {
        timeout(select);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  @Override
  public String toString() {
    return "PgVectorStore[" + table + ", " + dimension + "-d, " + metric + "]";
  }

  private void checkBatch(List<VectorRecord> records) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      VectorRecord r = records.get(i);
      if (r == null) {
        throw new IllegalArgumentException("record at index " + i + " is null");
      }
      if (r.dimension() != dimension) {
        throw new IllegalArgumentException(
            "record '" + r.id() + "' has " + r.dimension() + " dimensions, the store has " + dimension);
      }
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("id '" + r.id() + "' appears twice in one batch");
      }
      prepare(r.vector(), "record '" + r.id() + "'"); // refuses a zero vector under cosine before anything is written
      Chunk c = r.chunk();
      for (String key : c.metadata().asMap().keySet()) {
        if (!PgMetadata.storable(key)) {
          throw new IllegalArgumentException("record '" + r.id() + "': PostgreSQL text cannot hold the metadata key '"
              + key + "' (a NUL character or an unpaired surrogate)");
        }
      }
      for (String text : List.of(c.id(), c.documentId(), c.text())) {
        if (!PgMetadata.storable(text)) {
          throw new IllegalArgumentException("record '" + r.id() + "': PostgreSQL text cannot hold a NUL character"
              + " or an unpaired surrogate, which its id, document id or text has");
        }
      }
    }
  }

  /**
   * The vector as stored and searched: {@link Metric#prepare} (under cosine scaled to unit length in double, as the
   * embedded store does; pgvector's own float norm overflows for components near 1e20).
   *
   * @throws IllegalArgumentException naming {@code what}, under cosine for a vector whose norm is zero
   */
  private float[] prepare(float[] vector, String what) {
    try {
      return metric.prepare(vector);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** The ids once each, in order, without those PostgreSQL text cannot hold: no record can be stored under them. */
  private static Set<String> distinct(Collection<String> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not contain null");
      }
      if (PgMetadata.storable(id)) {
        unique.add(id);
      }
    }
    return unique;
  }

  private String insertSql(int rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(quotedTable)
        .append(" (id, document_id, content, start_offset, end_offset, metadata, embedding) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?::jsonb, ?)");
    }
    return sql.append(" ON CONFLICT (id) DO UPDATE SET document_id = EXCLUDED.document_id, content ="
        + " EXCLUDED.content, start_offset = EXCLUDED.start_offset, end_offset = EXCLUDED.end_offset, metadata ="
        + " EXCLUDED.metadata, embedding = EXCLUDED.embedding").toString();
  }

  /**
   * Lets the HNSW index find {@code k} rows: {@code ef_search} at least {@code k} and an iterative scan in exact
   * order, so rows a filter rejects or dead entries do not leave the result short; or, when {@code exact}, no index
   * at all.
   */
  private void tuneSearch(Connection connection, int k, boolean exact) throws SQLException {
    try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
      timeout(set);
      if (exact) {
        setting(set, "enable_indexscan", "off");
        return;
      }
      setting(set, "hnsw.ef_search", Integer.toString(Math.max(40, k)));
      setting(set, "hnsw.iterative_scan", "strict_order");
    }
  }

  private static void setting(PreparedStatement set, String name, String value) throws SQLException {
    set.setString(1, name);
    set.setString(2, value);
    set.executeQuery().close();
  }

  private String distanceOperator() {
    return switch (metric) {
      case COSINE -> "<=>";
      case DOT_PRODUCT -> "<#>";
      case EUCLIDEAN -> "<->";
    };
  }

  /** The score for a pgvector distance: cosine similarity, dot product, or negated Euclidean distance. */
  private double score(double distance) {
    return switch (metric) {
      case COSINE -> 1 - distance;
      case DOT_PRODUCT, EUCLIDEAN -> -distance;
    };
  }

  private static Chunk chunk(ResultSet rows) throws SQLException {
    return new Chunk(rows.getString(1), rows.getString(2), rows.getString(3), PgMetadata.decode(rows.getString(6)),
        rows.getInt(4), rows.getInt(5));
  }

  private static int bind(Connection connection, PreparedStatement statement, int first, List<Object> values)
      throws SQLException {
    int p = first;
    for (Object value : values) {
      switch (value) {
        case PgFilters.SqlArray a -> statement.setArray(p++, connection.createArrayOf(a.type(), a.values()));
        case String s -> statement.setString(p++, s);
        case BigDecimal d -> statement.setBigDecimal(p++, d);
        case Double d -> statement.setDouble(p++, d);
        case Boolean b -> statement.setBoolean(p++, b);
        default -> throw new IllegalStateException("unexpected parameter " + value);
      }
    }
    return p;
  }

  private void timeout(PreparedStatement statement) throws SQLException {
    if (!queryTimeout.isZero()) {
      statement.setQueryTimeout((int) Math.clamp(queryTimeout.toSeconds(), 1, Integer.MAX_VALUE));
    }
  }

  static String quote(String table) {
    StringBuilder quoted = new StringBuilder();
    for (String part : table.split("\\.", -1)) {
      quoted.append(quoted.isEmpty() ? "" : ".").append('"').append(part).append('"');
    }
    return quoted.toString();
  }

  /** Options of a {@link PgVectorStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private final int dimension;
    private String table = DEFAULT_TABLE;
    private Metric metric = Metric.COSINE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean createIfMissing = true;
    private Duration queryTimeout = Duration.ofSeconds(30);
    private boolean hnswIndex = true;

    private Builder(DataSource dataSource, int dimension) {
      this.dataSource = dataSource;
      this.dimension = dimension;
    }

    /** The table, optionally schema-qualified ({@code schema.table}); {@value #DEFAULT_TABLE} unless set. */
    public Builder table(String table) {
      if (table == null || !validTable(table)) {
        throw new IllegalArgumentException("table must be a name or schema.name of letters, digits and"
            + " underscores (at most 63 each, not starting with a digit), was '" + table + "'");
      }
      this.table = table;
      return this;
    }

    /** How vectors compare: {@link Metric#COSINE} unless set. */
    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /**
     * Rows per INSERT statement (an upsert may take several, in one transaction); {@value #DEFAULT_BATCH_SIZE}
     * unless set, at most {@value #MAX_BATCH_SIZE} (PostgreSQL takes at most 65,535 parameters a statement).
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("batchSize must be in 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Whether {@link #build()} creates the extension, the table and its index when missing; true unless set. */
    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    /**
     * Whether searches use an HNSW index, which a new table gets; true unless set. Without one, every search scans
     * the table and is exact, and writes maintain no index: the fastest ingest and exact answers, at a scan per
     * query, for tables of some tens of thousands of rows. An index another client made is then not used.
     */
    public Builder hnswIndex(boolean hnswIndex) {
      this.hnswIndex = hnswIndex;
      return this;
    }

    /** The longest a statement may run, whole seconds; 30 s unless set; zero for no limit. */
    public Builder queryTimeout(Duration queryTimeout) {
      if (queryTimeout == null || queryTimeout.isNegative()) {
        throw new IllegalArgumentException("queryTimeout must be zero or positive, was " + queryTimeout);
      }
      this.queryTimeout = queryTimeout;
      return this;
    }

    /**
     * Opens the table, creating it unless told not to.
     *
     * @throws IllegalArgumentException if the table holds vectors of another dimension or metric (naming both)
     * @throws NonRetriableException if the table is missing and may not be created, or is not one Quarry made
     * @throws dev.quarry.api.RetriableException if the database cannot be reached
     */
    public PgVectorStore build() {
      PgVectorStore store = new PgVectorStore(this);
      PgSchema.open(store.dataSource, table, store.quotedTable, dimension, metric, createIfMissing, hnswIndex);
      return store;
    }

    private static boolean validTable(String table) {
      String[] parts = table.split("\\.", -1);
      if (parts.length > 2) {
        return false;
      }
      for (String part : parts) {
        if (!IDENTIFIER.matcher(part).matches()) {
          return false;
        }
      }
      return true;
    }
  }
}
