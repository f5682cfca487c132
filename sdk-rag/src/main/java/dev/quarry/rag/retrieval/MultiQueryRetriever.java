package dev.quarry.rag.retrieval;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves with several wordings of the question, because one wording misses chunks that use other words: a chat
 * model writes {@code n} rewrites, the original and every rewrite are retrieved (in parallel), and the lists are
 * fused by {@linkplain Fusion#rrf(int) reciprocal rank fusion}.
 *
 * <pre>{@code
 * Retriever retriever = MultiQueryRetriever.builder(chatModel, HybridRetriever.builder(dense, bm25).build())
 *     .rewrites(3)
 *     .build();
 * }</pre>
 *
 * <p>The model gets one user message, {@link #DEFAULT_PROMPT} (or the {@linkplain Builder#prompt template}
 * given) with {@code {n}} and {@code {question}} filled in. Its reply is read leniently: numbering, bullets,
 * quotes, blank lines, preambles and a JSON array are stripped, the question itself and repeats are dropped, and
 * lines beyond {@code n} are ignored; fewer than {@code n} rewrites are used as they are. A reply with no usable
 * rewrite (blank, tool calls only, or only the question again) is logged, and the original question is retrieved
 * alone. An exception from the model propagates unchanged, so a {@link dev.quarry.api.RetriableException} stays
 * retriable.
 *
 * <p>Each query asks the retriever for {@code max(depth, query.maxResults())} hits with the query's filter. The
 * answer holds each chunk once, cut to {@code query.maxResults()}; a hit's score is its RRF score. A failed
 * retrieval is reported as {@link HybridRetriever} reports a failed leg.
 *
 * <p>Immutable and thread-safe if the model and the retriever are.
 */
public final class MultiQueryRetriever implements Retriever {
  /** Rewrites asked for when {@link Builder#rewrites} is not called. */
  public static final int DEFAULT_REWRITES = 3;
  /** Hits asked per query when {@link Builder#depth} is not called (more if the query wants more). */
  public static final int DEFAULT_DEPTH = 20;
  /** The prompt template used unless {@link Builder#prompt} is called; placeholders {@code {n}}, {@code {question}}. */
  public static final String DEFAULT_PROMPT = Prompts.load("multi-query-prompt.txt");

  private static final Logger LOG = LoggerFactory.getLogger(MultiQueryRetriever.class);

  private final ChatModel model;
  private final Retriever retriever;
  private final int rewrites;
  private final int depth;
  private final String prompt;
  private final Fusion fusion;
  private final Executor executor;

  private MultiQueryRetriever(Builder b) {
    this.model = b.model;
    this.retriever = b.retriever;
    this.rewrites = b.rewrites;
    this.depth = b.depth;
    this.prompt = b.prompt;
    this.fusion = Fusion.rrf(b.rrfK);
    this.executor = b.executor;
  }

  /** Starts a retriever that has {@code model} rewrite the question and {@code retriever} search for each version. */
  public static Builder builder(ChatModel model, Retriever retriever) {
    if (model == null || retriever == null) {
      throw new IllegalArgumentException("chat model and retriever must not be null");
    }
    return new Builder(model, retriever);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    List<String> texts = new ArrayList<>();
    texts.add(query.text());
    texts.addAll(rewrite(query.text()));
    Query base = query.withMaxResults(Math.max(depth, query.maxResults()));
    List<Supplier<List<SearchHit>>> calls = new ArrayList<>(texts.size());
    for (String text : texts) {
      calls.add(() -> retriever.retrieve(base.withText(text)));
    }
    List<List<SearchHit>> answers =
        ParallelCalls.all(executor, calls, i -> "retrieval for '" + texts.get(i) + "'");
    return RankedLists.top(fusion.fuse(answers), query.maxResults());
  }

  /** The model's rewrites of {@code question}; empty if its reply holds none. */
  private List<String> rewrite(String question) {
    ChatResponse response = model.chat(ChatRequest.of(new UserMessage(Prompts.fill(prompt, rewrites, question))));
    List<String> parsed = RewriteParser.parse(response.message().text(), question, rewrites);
    if (parsed.isEmpty()) {
      LOG.warn("the chat model wrote no usable rewrite of '{}'; retrieving with the question alone", question);
    }
    return parsed;
  }

  @Override
  public String toString() {
    return "MultiQueryRetriever[rewrites=" + rewrites + ", depth=" + depth + ", fusion=" + fusion + "]";
  }

  /** Options of a {@link MultiQueryRetriever}. Not thread-safe. */
  public static final class Builder {
    private final ChatModel model;
    private final Retriever retriever;
    private int rewrites = DEFAULT_REWRITES;
    private int depth = DEFAULT_DEPTH;
    private String prompt = DEFAULT_PROMPT;
    private int rrfK = Fusion.DEFAULT_RRF_K;
    private Executor executor = ParallelCalls.VIRTUAL_THREADS;

    private Builder(ChatModel model, Retriever retriever) {
      this.model = model;
      this.retriever = retriever;
    }

    /** How many rewrites to ask the model for, besides the original; {@value #DEFAULT_REWRITES} by default. */
    public Builder rewrites(int rewrites) {
      if (rewrites <= 0) {
        throw new IllegalArgumentException("rewrites must be > 0, was " + rewrites);
      }
      this.rewrites = rewrites;
      return this;
    }

    /** Hits asked per query (at least the query's maxResults); {@value #DEFAULT_DEPTH} by default. */
    public Builder depth(int depth) {
      if (depth <= 0) {
        throw new IllegalArgumentException("depth must be > 0, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    /** The prompt template; must contain {@code {question}}, may contain {@code {n}}. */
    public Builder prompt(String template) {
      this.prompt = Prompts.requireTemplate(template);
      return this;
    }

    /** The RRF constant used to fuse the lists; {@value Fusion#DEFAULT_RRF_K} by default. */
    public Builder rrfK(int k) {
      if (k <= 0) {
        throw new IllegalArgumentException("RRF k must be > 0, was " + k);
      }
      this.rrfK = k;
      return this;
    }

    /** Where the retrievals after the first run; by default a new virtual thread each. */
    public Builder executor(Executor executor) {
      if (executor == null) {
        throw new IllegalArgumentException("executor must not be null");
      }
      this.executor = executor;
      return this;
    }

    public MultiQueryRetriever build() {
      return new MultiQueryRetriever(this);
    }
  }
}
