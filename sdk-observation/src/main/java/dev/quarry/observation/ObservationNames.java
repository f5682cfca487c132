package dev.quarry.observation;

/**
 * The names of Quarry's observations. With Micrometer's {@code DefaultMeterObservationHandler} each becomes a timer
 * of that name, tagged with the observation's low-cardinality keys ({@link ObservationKeys}); with a tracing
 * handler, a span whose name is the observation's contextual name ({@code "chat gpt-4o-mini"}).
 */
public final class ObservationNames {
  /**
   * A call to a model: chat, embeddings or rerank, told apart by {@link ObservationKeys#OPERATION_NAME}. The name
   * of OpenTelemetry's GenAI client spans; the matching metrics come from {@link GenAiMeters}.
   */
  public static final String MODEL_CALL = "gen_ai.client.operation";

  /** A vector store operation (upsert, search, get, delete, count), by {@link ObservationKeys#DB_OPERATION_NAME}. */
  public static final String STORE = "quarry.store";

  /** A retrieval: a whole retriever, or one leg of a hybrid, by {@link ObservationKeys#RETRIEVAL_KIND}. */
  public static final String RETRIEVAL = "quarry.retrieval";

  /** The fusion of a hybrid's lists, by {@link ObservationKeys#FUSION_METHOD}. */
  public static final String FUSION = "quarry.fusion";

  /** Packing retrieved hits into a token budget. */
  public static final String CONTEXT_PACKING = "quarry.context.pack";

  /** One question answered by {@code Rag}, from retrieval to the cited answer. */
  public static final String ASK = "quarry.rag.ask";

  /** One agent run, from the user's message to the final answer. */
  public static final String AGENT_RUN = "quarry.agent.run";

  /** One tool call made for an agent, by {@link ObservationKeys#TOOL_NAME}. */
  public static final String TOOL_CALL = "quarry.tool.call";

  /** A call through a resilience policy, every attempt and wait included ({@code quarry-resilience}). */
  public static final String RESILIENCE = "quarry.resilience";

  /** A call through a chain of fallback chat models ({@code quarry-resilience}). */
  public static final String FALLBACK = "quarry.fallback";

  /** One question answered through SQL by {@code TextToSql}, and each query it ran. */
  public static final String SQL_QUERY = "quarry.sql.query";

  private ObservationNames() {}
}
