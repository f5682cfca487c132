package dev.quarry.examples.spring;

import dev.quarry.agents.Agent;
import dev.quarry.agents.AgentResult;
import dev.quarry.agents.sql.TextToSql;
import dev.quarry.agents.tool.RetrieverTool;
import dev.quarry.agents.tool.ToolBox;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.retrieval.DenseRetriever;
import dev.quarry.samples.SampleShopDatabase;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The shop assistant of the {@code quarry-examples} module, as a bean: an {@link Agent} with two tools, {@code
 * search_policies} over the shop's policy documents and {@code query_database}, text-to-SQL over the sample shop
 * database ({@link SampleShopDatabase}) in an in-memory H2 database. The database tool connects as a user that can
 * only read the public tables; {@code staff_salaries} is never allowed, and of {@code customers} only the columns
 * that identify no one.
 *
 * <p>It needs the application's chat model (to play the agent and write the SQL); without one it is {@linkplain
 * #available() unavailable} and creates nothing. The policies are embedded with the starter's embedding model into
 * a store of their own, in memory, so they never mix with the documents a user ingests.
 *
 * <p>Thread-safe: the agent and its tools are; each question gets a fresh agent told today's date.
 */
@Service
public class ShopAssistantService implements AutoCloseable {
  /** The policy documents in quarry-samples, next to {@link SampleShopDatabase}; each is its own source. */
  static final List<String> POLICIES = List.of("returns.md", "shipping.md", "warranty.md", "payment.md");
  private static final String POLICY_FOLDER = "shop-policies/";

  /** The agent's instructions; {@code %s} is today's date. */
  static final String SYSTEM_PROMPT = """
      You are the customer-service assistant of a small online electronics shop. Today is %s.
      Use query_database for facts about orders, products, customers, payments and reviews: ask it one precise
      question, with the ids and dates it needs. Use search_policies for the shop's rules on returns, shipping,
      warranty and payment. Never guess a fact or a rule: look it up. When you apply a policy, cite its source
      file in brackets, e.g. [returns.md]. Answer briefly.""";

  /** The database user the assistant connects as, which may only read. */
  static final String READER = "shop_assistant";

  private static final Logger LOG = LoggerFactory.getLogger(ShopAssistantService.class);

  private final ServiceProperties.Assistant settings;
  private final Parts parts; // null without a chat model

  /** What exists only with a chat model. */
  private record Parts(ChatModel model, String jdbcUrl, EmbeddedVectorStore policies, ToolBox tools) {}

  ShopAssistantService(ObjectProvider<ChatModel> chatModel, EmbeddingModel embeddings,
      ServiceProperties properties) {
    this.settings = properties.assistant();
    ChatModel model = chatModel.getIfUnique();
    if (model == null) {
      LOG.info("No chat model configured (service.chat.base-url): POST /assistant answers 503");
      this.parts = null;
    } else {
      this.parts = open(new MeteredChatModel(model), embeddings);
    }
  }

  /** Whether there is a chat model to run the assistant. */
  public boolean available() {
    return parts != null;
  }

  /**
   * Runs the agent on {@code question}; the usage is the tokens of all chat calls the question caused, those of
   * the agent and those of its tools.
   *
   * @throws IllegalStateException if the assistant is not {@linkplain #available() available}
   */
  public MeteredChatModel.Metered<AgentResult> ask(String question) {
    if (parts == null) {
      throw new IllegalStateException("the shop assistant has no chat model");
    }
    LocalDate today = settings.today() != null ? settings.today() : LocalDate.now();
    Agent agent = Agent.builder(parts.model())
        .systemPrompt(SYSTEM_PROMPT.formatted(today))
        .toolBox(parts.tools())
        .maxSteps(settings.maxSteps())
        .build();
    return MeteredChatModel.metered(() -> agent.run(question));
  }

  /** The in-memory database's URL, for tests that check the answer against it; empty when unavailable. */
  public Optional<String> jdbcUrl() {
    return Optional.ofNullable(parts).map(Parts::jdbcUrl);
  }

  private static Parts open(ChatModel model, EmbeddingModel embeddings) {
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:shop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcDataSource reader = new JdbcDataSource(); // the assistant reads as a user with SELECT rights only
    reader.setURL(database.getURL().replace(";DB_CLOSE_DELAY=-1", ""));
    reader.setUser(READER);
    reader.setPassword(UUID.randomUUID().toString());
    try (Connection connection = database.getConnection()) {
      SampleShopDatabase.create(connection);
      SampleShopDatabase.createReadOnlyUser(connection, READER, reader.getPassword(), readable());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the sample shop database: " + e.getMessage(), e);
    }
    EmbeddedVectorStore policies = EmbeddedVectorStore.builder(embeddings.dimension()).build(); // in memory
    try {
      Ingestor.builder(embeddings, policies).build().ingest(policyDocuments());
      RetrieverTool searchPolicies = RetrieverTool.builder(DenseRetriever.builder(embeddings, policies).build())
          .name("search_policies")
          .description("Searches the shop's policies on returns, refunds, shipping, warranty and payment."
              + " Returns passages with their source file.")
          .maxResults(2)
          .build();
      TextToSql shopData = TextToSql.builder(reader, model)
          .allowTables("categories", "suppliers", "products", "employees", "orders", "order_items", "payments",
              "reviews") // never staff_salaries
          .allowTable("customers", Set.of("id", "city", "country", "segment", "created_on")) // no name, no email
          .answer(false) // the agent reads the rows and writes the answer itself
          .build();
      LOG.info("Shop assistant ready: {} policies, sample shop database {}", POLICIES.size(), database.getURL());
      return new Parts(model, database.getURL(), policies, ToolBox.of(searchPolicies, shopData.asTool()));
    } catch (RuntimeException e) {
      try (policies) {
        shutDown(database.getURL());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * What the database user may read: the tables the tools allow. H2 cannot grant columns, so the database lets it
   * read all of {@code customers}; {@code TextToSql}'s guard keeps names and e-mails out.
   */
  private static Map<String, Set<String>> readable() {
    Map<String, Set<String>> tables = new LinkedHashMap<>();
    for (String table : SampleShopDatabase.PUBLIC_TABLES) {
      tables.put(table, Set.of());
    }
    return tables;
  }

  private static List<Document> policyDocuments() {
    return POLICIES.stream()
        .map(name -> new Document(name, read(POLICY_FOLDER + name), Metadata.of(Map.of("source", name))))
        .toList();
  }

  private static String read(String resource) {
    try (InputStream in = SampleShopDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no resource " + resource + " next to " + SampleShopDatabase.class.getName() + " (quarry-samples)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the database and frees the policy store. */
  @Override
  public void close() {
    if (parts != null) {
      EmbeddedVectorStore policies = parts.policies();
      try (policies) {
        shutDown(parts.jdbcUrl());
      }
    }
  }

  private static void shutDown(String jdbcUrl) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot shut the sample shop database down: " + e.getMessage(), e);
    }
  }
}
