package dev.quarry.cache;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A <b>test double</b>, not a real model: embeds with a {@link HashingEmbeddingModel} and records every call, batch
 * by batch, so tests can see what a cache sent to its model. Queries embed as the text {@code "query: " + text}, as
 * an asymmetric model's would, so a query's vector differs from the same text's document vector. It can misbehave on
 * purpose (see {@link Fault}). Thread-safe.
 */
final class RecordingEmbeddingModel implements EmbeddingModel {
  /** A way to break the {@link EmbeddingModel} contract on purpose. */
  enum Fault {
    NONE,
    /** One vector too few for documents; a null vector for a query. */
    WRONG_COUNT,
    /** Vectors one component longer than {@link #dimension()}. */
    WRONG_DIMENSION
  }

  private final HashingEmbeddingModel hashing;
  private final List<List<String>> batches = new ArrayList<>(); // guarded by this
  private final List<String> queries = new ArrayList<>(); // guarded by this
  private volatile Fault fault = Fault.NONE;
  private volatile long delayMillis;

  RecordingEmbeddingModel(int dimension) {
    this.hashing = new HashingEmbeddingModel(dimension).withTokenWindow(64);
  }

  /** Makes every later call misbehave as {@code fault} says. */
  RecordingEmbeddingModel fault(Fault fault) {
    this.fault = fault;
    return this;
  }

  /** Makes every later call sleep first, so that concurrent calls overlap. */
  RecordingEmbeddingModel delayMillis(long delayMillis) {
    this.delayMillis = delayMillis;
    return this;
  }

  /** The document vector this double gives {@code text}. */
  float[] documentVector(String text) {
    return hashing.vector(text);
  }

  /** The query vector this double gives {@code text}. */
  float[] queryVector(String text) {
    return hashing.vector("query: " + text);
  }

  @Override
  public int dimension() {
    return hashing.dimension();
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    pause();
    synchronized (this) {
      batches.add(List.copyOf(texts));
    }
    List<float[]> vectors = new ArrayList<>();
    for (String text : texts) {
      vectors.add(fault == Fault.WRONG_DIMENSION ? new float[dimension() + 1] : documentVector(text));
    }
    if (fault == Fault.WRONG_COUNT) {
      vectors.remove(vectors.size() - 1);
    }
    return vectors;
  }

  @Override
  public float[] embedQuery(String query) {
    pause();
    synchronized (this) {
      queries.add(query);
    }
    return switch (fault) {
      case NONE -> queryVector(query);
      case WRONG_COUNT -> null;
      case WRONG_DIMENSION -> new float[dimension() + 1];
    };
  }

  @Override
  public Optional<TokenWindow> tokenWindow() {
    return hashing.tokenWindow();
  }

  /** Each call to {@link #embedDocuments}, with its texts, in order. */
  synchronized List<List<String>> batches() {
    return List.copyOf(batches);
  }

  /** Every text embedded as a document, over all calls, in order. */
  synchronized List<String> documents() {
    return batches.stream().flatMap(List::stream).toList();
  }

  /** Every query embedded, in order. */
  synchronized List<String> queries() {
    return List.copyOf(queries);
  }

  private void pause() {
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
