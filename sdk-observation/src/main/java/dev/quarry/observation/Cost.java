package dev.quarry.observation;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money that model calls cost, as a {@link PriceTable} computed it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param amount the amount, not negative
 * @param currency its currency
 */
public record Cost(BigDecimal amount, Currency currency) {
  public Cost {
    if (amount == null || currency == null) {
      throw new IllegalArgumentException("amount and currency must not be null");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a cost must not be negative, was " + amount);
    }
  }

  /**
   * This cost plus {@code other}.
   *
   * @throws IllegalArgumentException if the currencies differ
   */
  public Cost plus(Cost other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
    return new Cost(amount.add(other.amount), currency);
  }

  /** The amount in plain notation and the ISO 4217 code: {@code 0.000315 USD}. */
  @Override
  public String toString() {
    return amount.stripTrailingZeros().toPlainString() + " " + currency.getCurrencyCode();
  }
}
