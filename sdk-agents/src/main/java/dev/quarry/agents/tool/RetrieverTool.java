package dev.quarry.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.api.chat.ToolSpec;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Retriever} as a tool, for agentic RAG: the model decides when to search and what to search
 * for, possibly several times with refined queries.
 *
 * <pre>{@code
 * ExecutableTool search = RetrieverTool.builder(hybridRetriever)
 *     .description("Searches the product manuals. Use it for any question about our products.")
 *     .maxResults(5)
 *     .build();
 * Agent agent = Agent.builder(chatModel).tools(search, new OrderTools()).build();
 * }</pre>
 *
 * <p>The tool takes one argument, {@code query} (a string, required), and returns a JSON array of the
 * hits, best first: {@code {"id", "score", "text", "source"}}, where {@code source} is the chunk's
 * {@code source} metadata and is left out when the chunk has none.
 *
 * <p>Immutable; thread-safe as the retriever is (the {@link Retriever} contract requires it).
 */
public final class RetrieverTool implements ExecutableTool {
  /** The tool's name when none is set. */
  public static final String DEFAULT_NAME = "search_documents";
  /** The tool's description when none is set. */
  public static final String DEFAULT_DESCRIPTION = "Searches the documents and returns the most relevant"
      + " passages with their id, score, text and source. Use it whenever the answer may be in the"
      + " documents; search again with other words if the passages do not answer the question.";
  /** Hits returned per search when no count is set. */
  public static final int DEFAULT_MAX_RESULTS = 5;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Retriever retriever;
  private final ToolSpec spec;
  private final int maxResults;
  private final Optional<Filter> filter;

  private RetrieverTool(Builder b) {
    this.retriever = b.retriever;
    this.maxResults = b.maxResults;
    this.filter = b.filter;
    ObjectNode schema = MAPPER.createObjectNode().put("type", "object");
    schema.putObject("properties").putObject("query")
        .put("type", "string")
        .put("description", b.queryDescription);
    schema.putArray("required").add("query");
    schema.put("additionalProperties", false);
    this.spec = new ToolSpec(b.name, b.description, schema.toString());
  }

  /** Starts a builder over {@code retriever}. */
  public static Builder builder(Retriever retriever) {
    return new Builder(retriever);
  }

  @Override
  public ToolSpec spec() {
    return spec;
  }

  /**
   * Retrieves the hits for the {@code query} argument.
   *
   * @throws IllegalArgumentException if the arguments hold no non-blank {@code query} string
   * @throws com.fasterxml.jackson.core.JsonProcessingException if the arguments are not JSON
   */
  @Override
  public String execute(String argumentsJson) throws Exception {
    JsonNode query = MAPPER.readTree(argumentsJson).path("query");
    if (!query.isTextual() || query.asText().isBlank()) {
      throw new IllegalArgumentException("argument 'query' must be a non-blank string, got " + query);
    }
    List<SearchHit> hits = retriever.retrieve(new Query(query.asText(), maxResults, filter));
    ArrayNode result = MAPPER.createArrayNode();
    for (SearchHit hit : hits.subList(0, Math.min(hits.size(), maxResults))) {
      ObjectNode node = result.addObject()
          .put("id", hit.id())
          .put("score", hit.score())
          .put("text", hit.chunk().text());
      hit.chunk().metadata().getString("source").ifPresent(source -> node.put("source", source));
    }
    return MAPPER.writeValueAsString(result);
  }

  /** Configures a {@link RetrieverTool}; not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private String name = DEFAULT_NAME;
    private String description = DEFAULT_DESCRIPTION;
    private String queryDescription = "what to search for, in the words the documents would use";
    private int maxResults = DEFAULT_MAX_RESULTS;
    private Optional<Filter> filter = Optional.empty();

    private Builder(Retriever retriever) {
      if (retriever == null) {
        throw new IllegalArgumentException("retriever must not be null");
      }
      this.retriever = retriever;
    }

    /** The tool's name: 1 to 64 letters, digits, '_' or '-'; {@value RetrieverTool#DEFAULT_NAME} if unset. */
    public Builder name(String name) {
      this.name = requireNonBlank(name, "name");
      return this;
    }

    /** When and why the model should search: say what the documents hold. */
    public Builder description(String description) {
      this.description = requireNonBlank(description, "description");
      return this;
    }

    /** What the {@code query} argument should contain, shown to the model. */
    public Builder queryDescription(String queryDescription) {
      this.queryDescription = requireNonBlank(queryDescription, "queryDescription");
      return this;
    }

    /** Hits per search, at least 1; {@value RetrieverTool#DEFAULT_MAX_RESULTS} by default. */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1) {
        throw new IllegalArgumentException("maxResults must be at least 1, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /** A metadata filter applied to every search, for example to one tenant's documents. */
    public Builder filter(Filter filter) {
      if (filter == null) {
        throw new IllegalArgumentException("filter must not be null");
      }
      this.filter = Optional.of(filter);
      return this;
    }

    /**
     * Builds the tool.
     *
     * @throws IllegalArgumentException if the name is not a valid tool name
     */
    public RetrieverTool build() {
      return new RetrieverTool(this);
    }

    private static String requireNonBlank(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank, was " + (value == null ? "null"
            : "'" + value + "'"));
      }
      return value;
    }
  }
}
