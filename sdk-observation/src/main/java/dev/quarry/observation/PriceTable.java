package dev.quarry.observation;

import dev.quarry.api.chat.TokenUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a model's tokens cost, per million input and output tokens, in one currency. Given to an {@link
 * ObservedChatModel}, it turns each call's usage into a {@link Cost}, recorded on the call's observation and added
 * to the answer's.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder(Currency.getInstance("USD"))
 *     .model("gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PriceTable {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Currency currency;
  private final Map<String, Prices> models;

  private PriceTable(Builder b) {
    this.currency = b.currency;
    this.models = Map.copyOf(b.models);
  }

  /** Starts a table priced in {@code currency}. */
  public static Builder builder(Currency currency) {
    if (currency == null) {
      throw new IllegalArgumentException("currency must not be null");
    }
    return new Builder(currency);
  }

  /** The currency of every price. */
  public Currency currency() {
    return currency;
  }

  /**
   * What {@code usage} of {@code model} cost, or empty when the table has no price for that model.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public Optional<Cost> cost(String model, TokenUsage usage) {
    if (model == null || usage == null) {
      throw new IllegalArgumentException("model and usage must not be null");
    }
    Prices prices = models.get(model);
    if (prices == null) {
      return Optional.empty();
    }
    BigDecimal amount = prices.input.multiply(BigDecimal.valueOf(usage.inputTokens()))
        .add(prices.output.multiply(BigDecimal.valueOf(usage.outputTokens())))
        .divide(MILLION, MathContext.DECIMAL64);
    return Optional.of(new Cost(amount, currency));
  }

  @Override
  public String toString() {
    return "PriceTable[" + currency + ", models=" + models.keySet() + "]";
  }

  private record Prices(BigDecimal input, BigDecimal output) {}

  /** Prices of a {@link PriceTable}. Not thread-safe. */
  public static final class Builder {
    private final Currency currency;
    private final Map<String, Prices> models = new LinkedHashMap<>();

    private Builder(Currency currency) {
      this.currency = currency;
    }

    /**
     * The prices of {@code model} per million tokens read ({@code inputPerMillion}) and written ({@code
     * outputPerMillion}); the name is matched exactly against the model name its {@link ObservedChatModel} was
     * given. A second call for a model replaces its prices.
     *
     * @throws IllegalArgumentException if the name is blank or a price is null or negative
     */
    public Builder model(String model, BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model name must not be null or blank");
      }
      requirePrice(inputPerMillion, "input price of " + model);
      requirePrice(outputPerMillion, "output price of " + model);
      models.put(model, new Prices(inputPerMillion, outputPerMillion));
      return this;
    }

    private static void requirePrice(BigDecimal price, String what) {
      if (price == null || price.signum() < 0) {
        throw new IllegalArgumentException(what + " must be a non-negative amount, was " + price);
      }
    }

    /** The table. */
    public PriceTable build() {
      return new PriceTable(this);
    }
  }
}
