package dev.quarry.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientEmbeddingModelTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final HashingEmbeddingModel hashing = new HashingEmbeddingModel(16).withTokenWindow(128);

  @Test
  void retriesDocumentsAndQueriesAndReturnsTheModelsVectors() {
    FlakyEmbeddingModel flaky = new FlakyEmbeddingModel(hashing, 2);
    EmbeddingModel model = Resilient.embeddingModel(flaky, TestPolicies.recording(sleeper).build());

    List<float[]> documents = model.embedDocuments(List.of("cats purr", "dogs bark"));
    float[] query = model.embedQuery("cats");

    assertThat(documents).hasSize(2);
    assertThat(documents.getFirst()).containsExactly(hashing.embedDocuments(List.of("cats purr")).getFirst());
    assertThat(query).containsExactly(hashing.embedQuery("cats"));
    assertThat(flaky.calls()).isEqualTo(4);
    assertThat(sleeper.waits()).hasSize(2);
  }

  @Test
  void asksTheModelDirectlyForItsDimensionAndTokenWindow() {
    FlakyEmbeddingModel flaky = new FlakyEmbeddingModel(hashing, Integer.MAX_VALUE);
    EmbeddingModel model = Resilient.embeddingModel(flaky, TestPolicies.recording(sleeper).build());

    assertThat(model.dimension()).isEqualTo(16);
    assertThat(model.tokenWindow()).map(TokenWindow::maxTokens).contains(128);
    assertThat(flaky.calls()).isZero();
  }

  @Test
  void keepsAnEmptyTokenWindowEmpty() {
    EmbeddingModel model =
        Resilient.embeddingModel(new HashingEmbeddingModel(8), TestPolicies.recording(sleeper).build());

    assertThat(model.tokenWindow()).isEmpty();
  }

  @Test
  void doesNotRetryARefusalOrABadArgument() {
    AtomicInteger calls = new AtomicInteger();
    EmbeddingModel refusing = new FlakyEmbeddingModel(hashing, 0) {
      @Override
      public float[] embedQuery(String query) {
        calls.incrementAndGet();
        throw new NonRetriableException("input too long");
      }
    };
    EmbeddingModel model = Resilient.embeddingModel(refusing, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> model.embedQuery("long")).isInstanceOf(NonRetriableException.class);
    assertThatThrownBy(() -> model.embedQuery(" ")).isInstanceOf(NonRetriableException.class);
    assertThatThrownBy(() -> model.embedQuery(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> model.embedDocuments(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("texts");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void passesOnTheModelsArgumentChecks() {
    EmbeddingModel model = Resilient.embeddingModel(hashing, TestPolicies.recording(sleeper).build());

    assertThatThrownBy(() -> model.embedDocuments(List.of("fine", " "))).isInstanceOf(IllegalArgumentException.class);
    assertThat(sleeper.waits()).isEmpty();
  }

  /**
   * A <b>test double</b>: an embedding model that fails its first {@code failures} embedding calls (documents and
   * queries counted together) with a {@link RetriableException}, then embeds with {@code delegate}. Thread-safe.
   */
  static class FlakyEmbeddingModel implements EmbeddingModel {
    private final EmbeddingModel delegate;
    private final int failures;
    private final AtomicInteger calls = new AtomicInteger();

    FlakyEmbeddingModel(EmbeddingModel delegate, int failures) {
      this.delegate = delegate;
      this.failures = failures;
    }

    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
      failIfDue();
      return delegate.embedDocuments(texts);
    }

    @Override
    public float[] embedQuery(String query) {
      failIfDue();
      return delegate.embedQuery(query);
    }

    @Override
    public Optional<TokenWindow> tokenWindow() {
      return delegate.tokenWindow();
    }

    int calls() {
      return calls.get();
    }

    private void failIfDue() {
      if (calls.incrementAndGet() <= failures) {
        throw new RetriableException("embedding server busy");
      }
    }
  }
}
