package dev.quarry.testkit;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A <b>test double</b> for {@link EmbeddingModel}, not a real model: each lower-cased word (a run of letters and
 * digits) adds 1 to the component its hash picks, and the vector is scaled to unit length, so texts sharing words
 * point the same way and texts sharing none are orthogonal (unless two of their words' hashes collide),
 * deterministically and offline. Documents and queries embed alike.
 *
 * <p>Variants, each a new model with its own record of calls:
 *
 * <ul>
 *   <li>{@link #withSynonyms} makes words embed as one word, so that texts sharing no word can still mean the
 *       same ("cats" and "felines");
 *   <li>{@link #withTokenWindow} reports a {@link TokenWindow} of a {@link WordTokenizer}, for code that sizes
 *       chunks to a model's window;
 *   <li>{@link #failingAfter} throws once it has embedded a number of texts, for code that must survive a model
 *       failure;
 *   <li>{@link #withRawCounts} leaves the word counts unscaled, like models that do not normalise, for code that
 *       must not assume unit vectors.
 * </ul>
 *
 * <p>It records the texts it embeds, as documents or as queries, in order. Thread-safe.
 */
public final class HashingEmbeddingModel implements EmbeddingModel {
  private final int dimension;
  private final Optional<TokenWindow> window;
  private final Map<String, String> synonyms;
  private final long failAfter;
  private final boolean unit;
  private final Object lock = new Object();
  private final List<String> documents = new ArrayList<>(); // guarded by lock
  private final List<String> queries = new ArrayList<>(); // guarded by lock

  /**
   * A model of {@code dimension} components with no token window.
   *
   * @throws IllegalArgumentException if {@code dimension} is below 2
   */
  public HashingEmbeddingModel(int dimension) {
    this(dimension, Optional.empty(), Map.of(), Long.MAX_VALUE, true);
  }

  private HashingEmbeddingModel(
      int dimension, Optional<TokenWindow> window, Map<String, String> synonyms, long failAfter, boolean unit) {
    if (dimension < 2) {
      throw new IllegalArgumentException("dimension must be >= 2, was " + dimension);
    }
    this.dimension = dimension;
    this.window = window;
    this.synonyms = Map.copyOf(synonyms);
    this.failAfter = failAfter;
    this.unit = unit;
  }

  /** This model reporting a window of {@code maxTokens} {@link WordTokenizer} tokens. */
  public HashingEmbeddingModel withTokenWindow(int maxTokens) {
    return new HashingEmbeddingModel(
        dimension, Optional.of(new TokenWindow(new WordTokenizer(), maxTokens)), synonyms, failAfter, unit);
  }

  /**
   * This model embedding every one of {@code words} as the first of them, on top of the synonyms it has, so
   * {@code withSynonyms("cat", "cats", "feline")} makes "cats purr" and "feline purrs" share a word. Words are
   * matched whole and lower-cased.
   *
   * @throws IllegalArgumentException if fewer than two words are given, or one is null or not a single word
   */
  public HashingEmbeddingModel withSynonyms(String... words) {
    if (words == null || words.length < 2) {
      throw new IllegalArgumentException("give at least two words that embed alike");
    }
    Map<String, String> merged = new HashMap<>(synonyms);
    String canonical = word(words[0]);
    for (String word : words) {
      merged.put(word(word), canonical);
    }
    return new HashingEmbeddingModel(dimension, window, merged, failAfter, unit);
  }

  /**
   * This model throwing an {@link IllegalStateException} (its message says "test double") for every call that
   * would take it past {@code texts} embedded texts; a batch that would cross the limit fails whole.
   * {@code failingAfter(0)} fails every call.
   *
   * @throws IllegalArgumentException if {@code texts} is negative
   */
  public HashingEmbeddingModel failingAfter(long texts) {
    if (texts < 0) {
      throw new IllegalArgumentException("texts must be >= 0, was " + texts);
    }
    return new HashingEmbeddingModel(dimension, window, synonyms, texts, unit);
  }

  /** This model giving the word counts themselves, not scaled to unit length. */
  public HashingEmbeddingModel withRawCounts() {
    return new HashingEmbeddingModel(dimension, window, synonyms, failAfter, false);
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
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("text at index " + i + " is " + (text == null ? "null" : "blank"));
      }
    }
    synchronized (lock) {
      checkBudget(texts.size());
      documents.addAll(texts);
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(vector(text));
    }
    return vectors;
  }

  @Override
  public float[] embedQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
    synchronized (lock) {
      checkBudget(1);
      queries.add(query);
    }
    return vector(query);
  }

  @Override
  public Optional<TokenWindow> tokenWindow() {
    return window;
  }

  /** How many texts (documents and queries) this model has embedded. */
  public long embeddedTexts() {
    synchronized (lock) {
      return documents.size() + queries.size();
    }
  }

  /** The texts embedded with {@link #embedDocuments}, in order. A snapshot. */
  public List<String> documents() {
    synchronized (lock) {
      return List.copyOf(documents);
    }
  }

  /** The texts embedded with {@link #embedQuery}, in order. A snapshot. */
  public List<String> queries() {
    synchronized (lock) {
      return List.copyOf(queries);
    }
  }

  /**
   * The vector this double gives {@code text}, without recording it: of unit length unless {@linkplain
   * #withRawCounts raw}. A text without words gets the first axis, never the zero vector, which cosine cannot
   * score.
   */
  public float[] vector(String text) {
    float[] vector = new float[dimension];
    int words = 0;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        vector[Math.floorMod(synonyms.getOrDefault(word, word).hashCode(), dimension)] += 1;
        words++;
      }
    }
    if (words == 0) {
      vector[0] = 1;
      return vector;
    }
    if (!unit) {
      return vector;
    }
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

  private void checkBudget(int texts) {
    long embedded = documents.size() + queries.size();
    if (embedded + texts > failAfter) {
      throw new IllegalStateException("HashingEmbeddingModel (a test double) fails on purpose: " + texts
          + " more text(s) after " + embedded + " would pass its limit of " + failAfter);
    }
  }

  private static String word(String word) {
    if (word == null || !word.matches("[\\p{L}\\p{N}]+")) {
      throw new IllegalArgumentException("a synonym must be one word of letters and digits, was " + word);
    }
    return word.toLowerCase(Locale.ROOT);
  }
}
