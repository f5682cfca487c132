package dev.quarry.resilience;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import java.util.List;
import java.util.Optional;

/**
 * An embedding model whose embedding calls go through a {@link ResiliencePolicy}; {@link #dimension()} and {@link
 * #tokenWindow()} ask the delegate directly. Made by {@link Resilient#embeddingModel}.
 *
 * <p>Thread-safe if the delegate is.
 */
final class ResilientEmbeddingModel implements EmbeddingModel {
  private final EmbeddingModel delegate;
  private final Guard guard;

  ResilientEmbeddingModel(EmbeddingModel delegate, ResiliencePolicy policy) {
    this.delegate = delegate;
    this.guard = new Guard(policy);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    Checks.requireNonNull(texts, "texts");
    return guard.call(Operation.EMBED_DOCUMENTS, () -> delegate.embedDocuments(texts)).result();
  }

  @Override
  public float[] embedQuery(String query) {
    Checks.requireNonNull(query, "query");
    return guard.call(Operation.EMBED_QUERY, () -> delegate.embedQuery(query)).result();
  }

  @Override
  public Optional<TokenWindow> tokenWindow() {
    return delegate.tokenWindow();
  }

  @Override
  public String toString() {
    return "ResilientEmbeddingModel[" + guard + ", " + delegate + "]";
  }
}
