package dev.quarry.rag.budget;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.rag.loader.SourceMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fits retrieved chunks into a model's context window: reserves tokens for the answer and for the rest of the
 * prompt, then packs the most useful passages into what is left, and reports what it did with every hit.
 *
 * <pre>{@code
 * ContextBudget budget = ContextBudget.builder(tokenizer, 8192).answerTokens(1024).mmr(0.7).build();
 * PackedContext context = budget.pack(PromptParts.of(question).withSystemPrompt(system), hits);
 * String prompt = "Passages:\n" + context.text() + "\n\nQuestion: " + question;
 * }</pre>
 *
 * <p>What a pack does, in order: leave out blank hits and duplicates (same chunk id or same text); merge
 * overlapping, touching or adjacent chunks of one document into one passage (optional, on by default), keeping
 * the best score; order passages by score; optionally reorder by maximal marginal relevance and leave out those
 * too similar to one chosen before; take passages while they fit; cut the first that does not fit after its
 * last whole sentence that fits, if enough of it is left (optional, on by default), else drop it and try the
 * next; optionally put the best passages at both ends of the context and the weakest in the middle; render.
 *
 * <p>The budget owns the rendering, so that the guarantee holds for the text that is sent: passage {@code n} is
 * written as a header line {@code [n] source: <source>} (or {@code [n] document: <document id>} when the chunk
 * has no source metadata), then its text, and passages are separated by a blank line. The numbers follow the
 * order in the text, so a model's {@code [n]} citations map straight to {@link PackedContext#passages()}.
 *
 * <p><b>The guarantee.</b> With {@code C} the budget's token counter, {@code C(context text) + answerTokens +
 * C(system prompt) + C(question) + sum of C(history message) + C(template text) + reservedTokens <= maxTokens}.
 * The context is counted as a whole after rendering. If the prompt parts alone leave no room, {@code pack}
 * throws rather than breaking the limit. Token counts of concatenated texts can differ slightly from the sum of
 * their parts (a BPE merge across a boundary, chat-format markers): keep a few tokens in {@link
 * PromptParts#reservedTokens()} if the model's own count must never exceed the limit.
 *
 * <p>Similarity for MMR is the Jaccard similarity of the passages' word sets, or, when a {@link
 * Builder#similarityModel(EmbeddingModel) model} is given, the cosine similarity of their embeddings (one batch
 * call per pack).
 *
 * <p>Immutable and thread-safe if the token counter (and embedding model) are: each pack keeps its state on the
 * calling thread.
 */
public final class ContextBudget {
  /** Tokens reserved for the answer unless set, or a quarter of maxTokens when that is less. */
  public static final int DEFAULT_ANSWER_TOKENS = 512;

  /** With MMR, passages at least this similar to a chosen one are left out, unless set. */
  public static final double DEFAULT_REDUNDANCY_THRESHOLD = 0.9;

  /** A passage is cut only if at least this many of its tokens remain, unless set. */
  public static final int DEFAULT_MIN_TRUNCATED_TOKENS = 16;

  /** The metadata key whose string value names a passage's source in its header, unless set. */
  public static final String DEFAULT_SOURCE_KEY = SourceMetadata.SOURCE;

  /** Sentence rules for cutting passages, unless set: the root locale, which handles English and CJK alike. */
  public static final Locale DEFAULT_LOCALE = Locale.ROOT;

  private final TokenCounter counter;
  private final int maxTokens;
  private final int answerTokens;
  private final boolean mergeChunks;
  private final Optional<MmrSelector> mmr;
  private final boolean longContextOrder;
  private final boolean truncateLast;
  private final int minTruncatedTokens;
  private final String sourceKey;
  private final Locale locale;
  private final int separatorTokens;

  private ContextBudget(Builder b) {
    this.counter = b.counter;
    this.maxTokens = b.maxTokens;
    this.answerTokens = b.answerTokens >= 0 ? b.answerTokens : Math.min(DEFAULT_ANSWER_TOKENS, b.maxTokens / 4);
    this.mergeChunks = b.mergeChunks;
    this.mmr =
        b.mmrLambda < 0
            ? Optional.empty()
            : Optional.of(new MmrSelector(b.mmrLambda, b.redundancyThreshold,
                b.similarityModel == null ? PassageSimilarity.lexical()
                    : PassageSimilarity.embeddings(b.similarityModel)));
    this.longContextOrder = b.longContextOrder;
    this.truncateLast = b.truncateLast;
    this.minTruncatedTokens = b.minTruncatedTokens;
    this.sourceKey = b.sourceKey;
    this.locale = b.locale;
    this.separatorTokens = counter.countTokens(PassageRenderer.SEPARATOR);
  }

  /**
   * Starts a budget of {@code maxTokens} as counted by {@code counter}: the model's context window, or less. Pass
   * the chat model's tokenizer where there is one; any {@link dev.quarry.api.tokenizer.Tokenizer} is a counter.
   */
  public static Builder builder(TokenCounter counter, int maxTokens) {
    if (counter == null) {
      throw new IllegalArgumentException("token counter must not be null");
    }
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens);
    }
    return new Builder(counter, maxTokens);
  }

  /** Packs {@code hits} for a prompt holding only {@code question} besides the context. */
  public PackedContext pack(String question, List<SearchHit> hits) {
    if (question == null) {
      throw new IllegalArgumentException("question must not be null");
    }
    return pack(PromptParts.of(question), hits);
  }

  /**
   * Packs {@code hits} (best first or in any order: they are sorted by score) into the tokens {@code prompt}
   * leaves.
   *
   * @throws IllegalArgumentException if an argument is null, {@code hits} holds null, or the prompt parts and
   *     the answer reserve alone exceed {@code maxTokens}
   */
  public PackedContext pack(PromptParts prompt, List<SearchHit> hits) {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt parts must not be null");
    }
    if (hits == null) {
      throw new IllegalArgumentException("hits must not be null (use an empty list)");
    }
    List<SearchHit> copy = List.copyOf(hitsWithoutNull(hits));
    Reservation reservation = Reservation.count(counter, answerTokens, prompt);
    long available = maxTokens - reservation.total();
    if (available < 0) {
      throw new IllegalArgumentException(
          "the prompt leaves no room under the limit of " + maxTokens + " tokens: it needs "
              + reservation.total() + " (" + reservation.describe() + "); shorten the prompt or history, or"
              + " raise maxTokens");
    }
    return new Packing(this, copy, (int) available).run(reservation);
  }

  private static List<SearchHit> hitsWithoutNull(List<SearchHit> hits) {
    for (int i = 0; i < hits.size(); i++) {
      if (hits.get(i) == null) {
        throw new IllegalArgumentException("hits must not contain null (index " + i + ")");
      }
    }
    return hits;
  }

  /** The limit on the whole prompt plus the answer. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The tokens reserved for the answer: what a caller should allow the model to generate. */
  public int answerTokens() {
    return answerTokens;
  }

  /** The counter this budget counts tokens with. */
  public TokenCounter tokenCounter() {
    return counter;
  }

  /**
   * The tokens {@code prompt} and the answer reserve take before any context: what {@link #pack} sets aside. A
   * context fits only in {@code maxTokens() - reservedTokens(prompt)}.
   *
   * @throws IllegalArgumentException if {@code prompt} is null
   */
  public long reservedTokens(PromptParts prompt) {
    if (prompt == null) {
      throw new IllegalArgumentException("prompt parts must not be null");
    }
    return Reservation.count(counter, answerTokens, prompt).total();
  }

  boolean mergeChunks() {
    return mergeChunks;
  }

  Optional<MmrSelector> mmr() {
    return mmr;
  }

  boolean longContextOrder() {
    return longContextOrder;
  }

  boolean truncateLast() {
    return truncateLast;
  }

  int minTruncatedTokens() {
    return minTruncatedTokens;
  }

  String sourceKey() {
    return sourceKey;
  }

  Locale locale() {
    return locale;
  }

  int separatorTokens() {
    return separatorTokens;
  }

  /** Options of a {@link ContextBudget}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final TokenCounter counter;
    private final int maxTokens;
    private int answerTokens = -1; // not set: the default applies
    private boolean mergeChunks = true;
    private double mmrLambda = -1;
    private double redundancyThreshold = DEFAULT_REDUNDANCY_THRESHOLD;
    private boolean redundancyThresholdSet;
    private EmbeddingModel similarityModel;
    private boolean longContextOrder;
    private boolean truncateLast = true;
    private int minTruncatedTokens = DEFAULT_MIN_TRUNCATED_TOKENS;
    private boolean minTruncatedTokensSet;
    private String sourceKey = DEFAULT_SOURCE_KEY;
    private Locale locale = DEFAULT_LOCALE;

    private Builder(TokenCounter counter, int maxTokens) {
      this.counter = counter;
      this.maxTokens = maxTokens;
    }

    /**
     * Tokens kept free for the model's answer, {@code >= 0} and below maxTokens. Default {@value
     * #DEFAULT_ANSWER_TOKENS}, or a quarter of maxTokens when that is less.
     */
    public Builder answerTokens(int answerTokens) {
      if (answerTokens < 0) {
        throw new IllegalArgumentException("answerTokens must be >= 0, was " + answerTokens);
      }
      this.answerTokens = answerTokens;
      return this;
    }

    /** Whether overlapping or adjacent chunks of one document become one passage. Default true. */
    public Builder mergeChunks(boolean mergeChunks) {
      this.mergeChunks = mergeChunks;
      return this;
    }

    /**
     * Turns on maximal marginal relevance: {@code lambda} 1 ranks by relevance alone, 0 by novelty alone; 0.5 to
     * 0.7 is usual. Off by default.
     */
    public Builder mmr(double lambda) {
      if (!(lambda >= 0 && lambda <= 1)) {
        throw new IllegalArgumentException("MMR lambda must be in [0, 1], was " + lambda);
      }
      this.mmrLambda = lambda;
      return this;
    }

    /**
     * With MMR, leave out passages whose similarity to one chosen before reaches this, in {@code (0, 1]}.
     * Default {@value #DEFAULT_REDUNDANCY_THRESHOLD}.
     */
    public Builder redundancyThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("redundancy threshold must be in (0, 1], was " + threshold);
      }
      this.redundancyThreshold = threshold;
      this.redundancyThresholdSet = true;
      return this;
    }

    /** With MMR, compare passages by the cosine of their embeddings instead of shared words. */
    public Builder similarityModel(EmbeddingModel model) {
      if (model == null) {
        throw new IllegalArgumentException("similarity model must not be null");
      }
      this.similarityModel = model;
      return this;
    }

    /** Whether the best passages go to the start and end of the context, the weakest to the middle. Default false. */
    public Builder longContextOrder(boolean longContextOrder) {
      this.longContextOrder = longContextOrder;
      return this;
    }

    /** Whether the first passage that does not fit is cut at a sentence boundary (else dropped). Default true. */
    public Builder truncateLast(boolean truncateLast) {
      this.truncateLast = truncateLast;
      return this;
    }

    /**
     * A cut passage must keep at least this many tokens of text, {@code >= 1}, or it is dropped. Default {@value
     * #DEFAULT_MIN_TRUNCATED_TOKENS}.
     */
    public Builder minTruncatedTokens(int minTruncatedTokens) {
      if (minTruncatedTokens < 1) {
        throw new IllegalArgumentException("minTruncatedTokens must be >= 1, was " + minTruncatedTokens);
      }
      this.minTruncatedTokens = minTruncatedTokens;
      this.minTruncatedTokensSet = true;
      return this;
    }

    /** The chunk metadata key whose string value is shown as a passage's source. Default "source". */
    public Builder sourceKey(String sourceKey) {
      if (sourceKey == null || sourceKey.isBlank()) {
        throw new IllegalArgumentException("source key must not be null or blank");
      }
      this.sourceKey = sourceKey;
      return this;
    }

    /** The language whose sentence rules decide where a passage may be cut. Default {@link #DEFAULT_LOCALE}. */
    public Builder locale(Locale locale) {
      if (locale == null) {
        throw new IllegalArgumentException("locale must not be null (use Locale.ROOT for language-neutral rules)");
      }
      this.locale = locale;
      return this;
    }

    /**
     * The budget.
     *
     * @throws IllegalArgumentException if answerTokens leaves no room under maxTokens, or an MMR option is set
     *     without {@link #mmr}, or minTruncatedTokens is set with truncation off
     */
    public ContextBudget build() {
      if (answerTokens >= maxTokens) { // only when set: the default is at most maxTokens / 4
        throw new IllegalArgumentException(
            "answerTokens (" + answerTokens + ") must be below maxTokens (" + maxTokens
                + ") to leave room for a prompt");
      }
      if (mmrLambda < 0 && (redundancyThresholdSet || similarityModel != null)) {
        throw new IllegalArgumentException(
            "redundancyThreshold and similarityModel apply only to MMR: turn it on with mmr(lambda)");
      }
      if (!truncateLast && minTruncatedTokensSet) {
        throw new IllegalArgumentException("minTruncatedTokens has no effect with truncateLast(false)");
      }
      return new ContextBudget(this);
    }
  }
}
