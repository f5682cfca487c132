package dev.quarry.rag.pipeline;

import dev.quarry.api.embedding.EmbeddingModel;
import java.util.List;
import java.util.Locale;

/**
 * Test double for {@link EmbeddingModel}, not a real model: a 2-d vector whose first component says whether the
 * text is about brightness (beam, flash, bright) and whose second whether it is about the keeper (keeper,
 * cottage, home); texts about neither get the zero vector. Stateless and thread-safe.
 */
final class TopicTestEmbeddingModel implements EmbeddingModel {
  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    return texts.stream().map(TopicTestEmbeddingModel::embed).toList();
  }

  @Override
  public float[] embedQuery(String query) {
    return embed(query);
  }

  private static float[] embed(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return new float[] {
      mentions(lower, "beam", "flash", "bright"), mentions(lower, "keeper", "cottage", "home")
    };
  }

  private static float mentions(String text, String... words) {
    for (String word : words) {
      if (text.contains(word)) {
        return 1;
      }
    }
    return 0;
  }
}
