package dev.quarry.rag.bm25;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.List;

/**
 * Test double, not a real embedding model: a text's vector counts its letters a to z, plus one constant component
 * so that no vector is zero. Enough for a vector store to hold and find chunks in tests without loading a model.
 */
final class LetterCountEmbeddingModel implements EmbeddingModel {
  static final int DIMENSION = 27;

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    return texts.stream().map(LetterCountEmbeddingModel::embed).toList();
  }

  @Override
  public float[] embedQuery(String query) {
    return embed(query);
  }

  static float[] embed(String text) {
    float[] vector = new float[DIMENSION];
    vector[DIMENSION - 1] = 1;
    for (char c : text.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        vector[c - 'a']++;
      }
    }
    return vector;
  }
}
