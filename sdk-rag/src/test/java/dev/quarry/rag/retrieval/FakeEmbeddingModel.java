package dev.quarry.rag.retrieval;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A <b>test double</b> for {@link EmbeddingModel}: looks vectors up in a fixed table instead of running a model,
 * and records which texts were embedded as documents and which as queries. Thread-safe.
 */
final class FakeEmbeddingModel implements EmbeddingModel {
  private final Map<String, float[]> vectors;
  private final int dimension;
  private final List<String> documents = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  /** A model that knows exactly the texts in {@code vectors}, all of one dimension. */
  FakeEmbeddingModel(Map<String, float[]> vectors) {
    this.vectors = Map.copyOf(vectors);
    this.dimension = vectors.values().iterator().next().length;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    documents.addAll(texts);
    List<float[]> out = new ArrayList<>();
    for (String text : texts) {
      out.add(lookUp(text));
    }
    return out;
  }

  @Override
  public float[] embedQuery(String query) {
    queries.add(query);
    return lookUp(query);
  }

  private float[] lookUp(String text) {
    float[] v = vectors.get(text);
    if (v == null) {
      throw new IllegalStateException("FakeEmbeddingModel has no vector for '" + text + "'");
    }
    return v.clone();
  }

  /** Texts embedded with {@link #embedDocuments}, in order. */
  List<String> documents() {
    return List.copyOf(documents);
  }

  /** Texts embedded with {@link #embedQuery}, in order. */
  List<String> queries() {
    return List.copyOf(queries);
  }
}
