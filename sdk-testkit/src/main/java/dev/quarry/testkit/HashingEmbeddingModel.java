package dev.quarry.testkit;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A <b>test double</b> for {@link EmbeddingModel}, not a real model: each lower-cased word (a run of letters and
 * digits) adds 1 to the component its hash picks, and the vector is scaled to unit length, so texts sharing words
 * point the same way, deterministically and offline. Documents and queries embed alike. With {@link
 * #withTokenWindow} it also reports a {@link TokenWindow} of a {@link WordTokenizer}, for code that sizes chunks to
 * a model's window. Counts the texts it embeds. Thread-safe.
 */
public final class HashingEmbeddingModel implements EmbeddingModel {
  private final int dimension;
  private final Optional<TokenWindow> window;
  private final AtomicLong embeddedTexts = new AtomicLong();

  /**
   * A model of {@code dimension} components with no token window.
   *
   * @throws IllegalArgumentException if {@code dimension} is below 2
   */
  public HashingEmbeddingModel(int dimension) {
    this(dimension, Optional.empty());
  }

  private HashingEmbeddingModel(int dimension, Optional<TokenWindow> window) {
    if (dimension < 2) {
      throw new IllegalArgumentException("dimension must be >= 2, was " + dimension);
    }
    this.dimension = dimension;
    this.window = window;
  }

  /** This model reporting a window of {@code maxTokens} {@link WordTokenizer} tokens. */
  public HashingEmbeddingModel withTokenWindow(int maxTokens) {
    return new HashingEmbeddingModel(dimension, Optional.of(new TokenWindow(new WordTokenizer(), maxTokens)));
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text at index " + i + " is " + (text == null ? "null" : "blank"));
      }
      vectors.add(vector(text));
    }
    embeddedTexts.addAndGet(texts.size());
    return vectors;
  }

  @Override
  public float[] embedQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
    embeddedTexts.incrementAndGet();
    return vector(query);
  }

  @Override
  public Optional<TokenWindow> tokenWindow() {
    return window;
  }

  /** How many texts (documents and queries) this model has embedded. */
  public long embeddedTexts() {
    return embeddedTexts.get();
  }

  /** The vector this double gives {@code text}: never the zero vector, which cosine cannot score. */
  public float[] vector(String text) {
    float[] vector = new float[dimension];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        vector[Math.floorMod(word.hashCode(), dimension)] += 1;
      }
    }
    vector[0] += 0.01f;
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimension; i++) {
      vector[i] *= scale;
    }
    return vector;
  }
}
