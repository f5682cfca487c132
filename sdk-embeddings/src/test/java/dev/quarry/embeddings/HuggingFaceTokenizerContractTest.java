package dev.quarry.embeddings;

import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.TokenCounterContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The tokenizers of both bundled models keep the {@link TokenCounter} contract. */
class HuggingFaceTokenizerContractTest {
  private static HuggingFaceTokenizer miniLm;
  private static HuggingFaceTokenizer bge;

  @BeforeAll
  static void load() {
    miniLm = HuggingFaceTokenizer.load(EmbeddingPreset.ALL_MINILM_L6_V2);
    bge = HuggingFaceTokenizer.load(EmbeddingPreset.BGE_SMALL_EN_V15);
  }

  @AfterAll
  static void close() {
    miniLm.close();
    bge.close();
  }

  @Nested
  class AllMiniLmL6V2 extends TokenCounterContract {
    @Override
    protected TokenCounter counter() {
      return miniLm;
    }
  }

  @Nested
  class BgeSmallEnV15 extends TokenCounterContract {
    @Override
    protected TokenCounter counter() {
      return bge;
    }
  }
}
