package dev.quarry.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerCache;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link AnswerCache} in memory, on Caffeine: exact (the same question, written the same way up to case and
 * spaces) and, with an embedding model, semantic (a question whose embedding is at least {@code minSimilarity}
 * cosine-close to a cached one's). A question matches only answers asked with the same count and filter.
 *
 * <pre>{@code
 * AnswerCache answers = CaffeineAnswerCache.builder().semantic(embeddingModel, 0.95).maximumEntries(10_000).build();
 * }</pre>
 *
 * <p>A semantic lookup embeds the question (one model call) and compares it with every cached answer of the same
 * count and filter: cheap next to retrieval and a model's answer for thousands of entries, linear in their number.
 * Similar questions can need different answers ("Who founded X?" and "Who funded X?" are close): keep the threshold
 * high. Thread-safe.
 */
public final class CaffeineAnswerCache implements AnswerCache {
  /** Answers kept unless set. */
  public static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

  private final Cache<String, Entry> entries;
  /** Vectors of questions looked up and missed, so that storing their answer does not embed them again. */
  private final Cache<String, float[]> missed = Caffeine.newBuilder().maximumSize(1_000).build();
  private final Optional<EmbeddingModel> model;
  private final double minSimilarity;

  private CaffeineAnswerCache(Builder b) {
    Caffeine<Object, Object> caffeine = Caffeine.newBuilder().maximumSize(b.maximumEntries);
    b.expireAfterWrite.ifPresent(caffeine::expireAfterWrite);
    this.entries = caffeine.build();
    this.model = b.model;
    this.minSimilarity = b.minSimilarity;
  }

  /** Starts an exact cache with {@value #DEFAULT_MAXIMUM_ENTRIES} entries and no expiry. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<Answer> find(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    String key = key(query);
    Entry exact = entries.getIfPresent(key);
    if (exact != null) {
      return Optional.of(exact.answer());
    }
    if (model.isEmpty()) {
      return Optional.empty();
    }
    float[] vector = model.get().embedQuery(query.text());
    String scope = scope(query);
    missed.put(key, vector);
    Entry best = null;
    double bestSimilarity = minSimilarity;
    for (Entry entry : entries.asMap().values()) {
      if (entry.scope().equals(scope) && entry.vector() != null) {
        double similarity = cosine(vector, entry.vector());
        if (similarity >= bestSimilarity) {
          best = entry;
          bestSimilarity = similarity;
        }
      }
    }
    return Optional.ofNullable(best).map(Entry::answer);
  }

  @Override
  public void store(Query query, Answer answer) {
    if (query == null || answer == null) {
      throw new IllegalArgumentException("query and answer must not be null");
    }
    String key = key(query);
    float[] looked = missed.asMap().remove(key);
    float[] vector = looked != null ? looked : model.map(m -> m.embedQuery(query.text())).orElse(null);
    entries.put(key, new Entry(scope(query), vector, answer));
  }

  @Override
  public void clear() {
    entries.invalidateAll();
    missed.invalidateAll();
  }

  /** How many answers it holds. */
  public long size() {
    return entries.estimatedSize();
  }

  /** The question written one way (case and runs of white space ignored), within its scope. */
  private static String key(Query query) {
    return scope(query) + "\u0000" + query.text().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** What else an answer depends on: how many chunks, which filter. */
  private static String scope(Query query) {
    return query.maxResults() + "\u0000" + query.filter().map(Object::toString).orElse("");
  }

  private static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return -1;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private record Entry(String scope, float[] vector, Answer answer) {}

  /** Options of a {@link CaffeineAnswerCache}. Not thread-safe. */
  public static final class Builder {
    private long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;
    private Optional<Duration> expireAfterWrite = Optional.empty();
    private Optional<EmbeddingModel> model = Optional.empty();
    private double minSimilarity = 1;

    private Builder() {}

    /** The most answers kept; the least recently used go first. */
    public Builder maximumEntries(long maximumEntries) {
      if (maximumEntries < 1) {
        throw new IllegalArgumentException("maximumEntries must be >= 1, was " + maximumEntries);
      }
      this.maximumEntries = maximumEntries;
      return this;
    }

    /** How long an answer is kept at most, whatever the store does. Forever (until cleared) unless set. */
    public Builder expireAfterWrite(Duration expireAfterWrite) {
      if (expireAfterWrite == null || expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
        throw new IllegalArgumentException("expireAfterWrite must be positive, was " + expireAfterWrite);
      }
      this.expireAfterWrite = Optional.of(expireAfterWrite);
      return this;
    }

    /**
     * Also answers a question whose embedding by {@code model} is at least {@code minSimilarity} cosine-close to a
     * cached one's (same count and filter). Use the retriever's model: a {@code CachingEmbeddingModel} around it
     * then embeds each question once.
     *
     * @throws IllegalArgumentException if the model is null or the similarity not in {@code (0, 1]}
     */
    public Builder semantic(EmbeddingModel model, double minSimilarity) {
      if (model == null) {
        throw new IllegalArgumentException("embedding model must not be null");
      }
      if (!(minSimilarity > 0 && minSimilarity <= 1)) {
        throw new IllegalArgumentException("minSimilarity must be in (0, 1], was " + minSimilarity);
      }
      this.model = Optional.of(model);
      this.minSimilarity = minSimilarity;
      return this;
    }

    /** The cache. */
    public CaffeineAnswerCache build() {
      return new CaffeineAnswerCache(this);
    }
  }
}
