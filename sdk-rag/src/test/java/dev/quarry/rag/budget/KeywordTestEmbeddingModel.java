package dev.quarry.rag.budget;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.List;
import java.util.Locale;

/**
 * Test double for {@link EmbeddingModel}, not a real model: a 2-d vector whose first component says whether the
 * text mentions cats or felines and whose second says whether it mentions rockets, so that texts sharing no word
 * can still mean the same. Stateless and thread-safe.
 */
final class KeywordTestEmbeddingModel implements EmbeddingModel {
  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    return texts.stream().map(KeywordTestEmbeddingModel::embed).toList();
  }

  @Override
  public float[] embedQuery(String query) {
    return embed(query);
  }

  private static float[] embed(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    float cat = lower.contains("cat") || lower.contains("feline") ? 1 : 0;
    float rocket = lower.contains("rocket") ? 1 : 0;
    return cat + rocket == 0 ? new float[] {0.5f, 0.5f} : new float[] {cat, rocket};
  }
}
