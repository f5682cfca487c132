package dev.quarry;

import dev.quarry.api.tokenizer.TokenCounter;
import dev.quarry.testkit.TokenCounterContract;

/** The estimate a {@link Quarry} counts with, for a model without a token window, keeps the counter contract. */
class EstimatedTokensContractTest extends TokenCounterContract {
  @Override
  protected TokenCounter counter() {
    return Quarry.ESTIMATED_TOKENS;
  }
}
