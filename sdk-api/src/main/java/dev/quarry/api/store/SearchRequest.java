package dev.quarry.api.store;

import static dev.quarry.api.internal.Checks.requireFiniteVector;
import static dev.quarry.api.internal.Checks.requireNonNull;
import static dev.quarry.api.internal.Checks.requirePositive;

import java.util.Optional;

/**
 * A nearest-neighbour query: the query vector, how many hits, an optional metadata filter and an optional
 * minimum score. Build with {@code SearchRequest.builder(vector).maxResults(5).filter(...).build()}.
 *
 * <p>Immutable and thread-safe; the vector is copied in and out.
 */
public final class SearchRequest {
  /** Hits returned when {@link Builder#maxResults} is not called. */
  public static final int DEFAULT_MAX_RESULTS = 10;

  private final float[] vector;
  private final int maxResults;
  private final Optional<Filter> filter;
  private final double minScore;

  private SearchRequest(Builder b) {
    this.vector = b.vector;
    this.maxResults = b.maxResults;
    this.filter = b.filter;
    this.minScore = b.minScore;
  }

  /** Starts a request for the neighbours of {@code vector} (copied). */
  public static Builder builder(float[] vector) {
    return new Builder(requireFiniteVector(vector, "query vector").clone());
  }

  /** A copy of the query vector. */
  public float[] vector() {
    return vector.clone();
  }

  /** The query vector's length. */
  public int dimension() {
    return vector.length;
  }

  /** The maximum number of hits. */
  public int maxResults() {
    return maxResults;
  }

  /** The metadata condition every hit must satisfy, if any. */
  public Optional<Filter> filter() {
    return filter;
  }

  /** Hits scoring below this are dropped; {@code Double.NEGATIVE_INFINITY} when not set. */
  public double minScore() {
    return minScore;
  }

  @Override
  public String toString() {
    return "SearchRequest[dimension=" + vector.length + ", maxResults=" + maxResults + ", filter=" + filter.orElse(null)
        + ", minScore=" + minScore + "]";
  }

  /** Collects the options of a {@link SearchRequest}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final float[] vector;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private Optional<Filter> filter = Optional.empty();
    private double minScore = Double.NEGATIVE_INFINITY;

    private Builder(float[] vector) {
      this.vector = vector;
    }

    /** How many hits at most; must be positive. */
    public Builder maxResults(int maxResults) {
      this.maxResults = requirePositive(maxResults, "maxResults");
      return this;
    }

    /** Only records whose metadata matches {@code filter}. */
    public Builder filter(Filter filter) {
      this.filter = Optional.of(requireNonNull(filter, "filter"));
      return this;
    }

    /** Drop hits scoring below {@code minScore}. */
    public Builder minScore(double minScore) {
      if (Double.isNaN(minScore)) {
        throw new IllegalArgumentException("minScore must not be NaN");
      }
      this.minScore = minScore;
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(this);
    }
  }
}
