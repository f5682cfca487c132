package dev.quarry.observation;

/**
 * The keys Quarry's observations carry. Where OpenTelemetry's semantic conventions name an attribute (GenAI,
 * database, error), that name is used; the rest start with {@code quarry.}.
 *
 * <p>Low-cardinality keys (bounded values: an operation, a model name, an outcome) tag metrics; high-cardinality
 * keys (counts, tokens, money) go to traces only. Every observation carries {@link #ERROR_TYPE}, {@code "none"} when
 * it succeeded, so that every timer of one name has the same tags (which Prometheus requires).
 */
public final class ObservationKeys {
  /** Low: what a model call does: {@code chat}, {@code embeddings}, {@code rerank}, {@code invoke_agent}, ... */
  public static final String OPERATION_NAME = "gen_ai.operation.name";

  /** Low: who serves the model ({@code openai}, {@code ollama}, {@code onnx}, ...), as the caller named it. */
  public static final String PROVIDER_NAME = "gen_ai.provider.name";

  /** Low: the model asked for, as the caller named it. */
  public static final String REQUEST_MODEL = "gen_ai.request.model";

  /** Low: why a chat model stopped ({@code stop}, {@code length}, {@code tool_calls}, ...). */
  public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";

  /** High: tokens the model read. */
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";

  /** High: tokens the model wrote. */
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

  /** High: the output token cap of a chat request, when it set one. */
  public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";

  /** Low: the tool an agent called. */
  public static final String TOOL_NAME = "gen_ai.tool.name";

  /** Low: which kind of agent ran: {@code agent} or {@code planning_agent}. */
  public static final String AGENT_NAME = "gen_ai.agent.name";

  /** Low: the failure's type (its class's simple name), {@code none} on success. */
  public static final String ERROR_TYPE = "error.type";

  /** Low: the store or database: {@code quarry}, {@code postgresql}, {@code chroma}, {@code h2}, ... */
  public static final String DB_SYSTEM_NAME = "db.system.name";

  /** Low: the store operation: {@code upsert}, {@code search}, {@code get}, {@code delete}, {@code count}. */
  public static final String DB_OPERATION_NAME = "db.operation.name";

  /** High: how many records an operation wrote, read, returned or removed. */
  public static final String RECORDS = "quarry.records";

  /** High: how many texts an embeddings call embedded, or passages a rerank call scored. */
  public static final String INPUTS = "quarry.inputs";

  /** Low: which retriever: {@code dense}, {@code keyword}, {@code hybrid}, {@code multi_query}, ... */
  public static final String RETRIEVAL_KIND = "quarry.retrieval.kind";

  /** Low: a hybrid leg's position, from 1; {@code none} for a whole retriever. */
  public static final String RETRIEVAL_LEG = "quarry.retrieval.leg";

  /** High: how many hits a retrieval returned. */
  public static final String HITS = "quarry.hits";

  /** Low: how a hybrid's lists were fused: {@code rrf} or {@code convex}. */
  public static final String FUSION_METHOD = "quarry.fusion.method";

  /** High: passages packed into the context. */
  public static final String PASSAGES = "quarry.context.passages";

  /** High: tokens the packed context takes. */
  public static final String CONTEXT_TOKENS = "quarry.context.tokens";

  /** Low: how an answer was made: {@code chat}, {@code two_stage} or {@code extractive}. */
  public static final String ANSWER_MODE = "quarry.answer.mode";

  /** Low: what kind of answer came out: {@code generated}, {@code extractive}, {@code not_found} or {@code blocked}. */
  public static final String ANSWER_KIND = "quarry.answer.kind";

  /**
   * Low: the prompt templates an answer used, as {@code name.vN} ids joined by commas in call order
   * ({@code rag-rewrite.v1,rag-answer.v2}); {@code none} for an extractive answer.
   */
  public static final String PROMPTS = "quarry.prompts";

  /** High: what the calls cost, as a decimal and an ISO 4217 code ({@code 0.000315 USD}), with a price table. */
  public static final String COST = "quarry.cost";

  /**
   * Low: how an agent run ended (its {@code AgentOutcome} in lower case: {@code answered}, {@code max_steps},
   * {@code blocked}, ...) or a tool call ({@code ok} or {@code error}).
   */
  public static final String OUTCOME = "quarry.outcome";

  /** High: model calls and tool calls an agent run made. */
  public static final String STEPS = "quarry.steps";

  /** Low: whether the SQL guard accepted a query: {@code accepted} or {@code refused}. */
  public static final String SQL_VERDICT = "quarry.sql.verdict";

  /**
   * Low: what the guards did to an answer: {@code blocked} (its question or text), {@code transformed} (a text
   * changed or a passage dropped) or {@code none}.
   */
  public static final String GUARD_OUTCOME = "quarry.guard.outcome";

  /** High: the answer's sentences the grounding check flagged as unsupported by their cited passages. */
  public static final String UNSUPPORTED_SENTENCES = "quarry.grounding.unsupported";

  /** Low: the resilience policy's name. */
  public static final String RESILIENCE_POLICY = "quarry.resilience.policy";

  /** Low: what a resilient call did: {@code chat}, {@code embed_documents}, {@code embed_query} or {@code rerank}. */
  public static final String RESILIENCE_OPERATION = "quarry.resilience.operation";

  /**
   * Low: how a resilient call ended: {@code success}, {@code success_after_retry}, {@code failure}, {@code
   * circuit_open} or {@code timeout}.
   */
  public static final String RESILIENCE_OUTCOME = "quarry.resilience.outcome";

  /** High: the attempts a resilient call made. */
  public static final String ATTEMPTS = "quarry.attempts";

  /** Low: the name of the fallback chain's model that answered, {@code none} when none did. */
  public static final String FALLBACK_MODEL = "quarry.fallback.model";

  /** The value of {@link #ERROR_TYPE} and of keys that do not apply. */
  public static final String NONE = "none";

  private ObservationKeys() {}
}
