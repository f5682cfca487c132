package dev.quarry.rag.pipeline;

import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.TokenCounterContract;

/** The estimate of {@link Rag}'s default budget keeps the counter contract. */
class EstimatedTokensContractTest extends TokenCounterContract {
  @Override
  protected TokenCounter counter() {
    return Rag.ESTIMATED_TOKENS;
  }
}
