package dev.quarry.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.TokenUsage;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @Test
  void costIsTokensTimesPricePerMillion() {
    PriceTable prices = PriceTable.builder(EUR).model("m", new BigDecimal("2.50"), new BigDecimal("10")).build();

    Cost cost = prices.cost("m", new TokenUsage(2_000, 300)).orElseThrow();

    assertThat(cost.amount()).isEqualByComparingTo("0.008"); // 0.005 + 0.003
    assertThat(cost).hasToString("0.008 EUR");
    assertThat(prices.cost("m", TokenUsage.ZERO).orElseThrow().amount()).isEqualByComparingTo("0");
  }

  @Test
  void aModelWithoutAPriceCostsNothingKnown() {
    PriceTable prices = PriceTable.builder(EUR).model("m", BigDecimal.ONE, BigDecimal.ONE).build();
    assertThat(prices.cost("other", new TokenUsage(5, 5))).isEmpty();
  }

  @Test
  void aSecondPriceForAModelReplacesTheFirst() {
    PriceTable prices = PriceTable.builder(EUR)
        .model("m", BigDecimal.ONE, BigDecimal.ONE).model("m", BigDecimal.TEN, BigDecimal.ZERO).build();
    assertThat(prices.cost("m", new TokenUsage(1_000_000, 7)).orElseThrow().amount()).isEqualByComparingTo("10");
  }

  @Test
  void badPricesAreRefusedByName() {
    PriceTable.Builder builder = PriceTable.builder(EUR);
    assertThatThrownBy(() -> builder.model("m", new BigDecimal("-1"), BigDecimal.ONE))
        .hasMessageContaining("input price of m");
    assertThatThrownBy(() -> builder.model("m", BigDecimal.ONE, null)).hasMessageContaining("output price of m");
    assertThatThrownBy(() -> builder.model(" ", BigDecimal.ONE, BigDecimal.ONE)).hasMessageContaining("model name");
    assertThatThrownBy(() -> PriceTable.builder(null)).hasMessageContaining("currency");
    assertThatThrownBy(() -> builder.build().cost(null, TokenUsage.ZERO)).hasMessageContaining("must not be null");
  }

  @Test
  void costsOfOneCurrencyAddAndOfTwoAreRefused() {
    Cost a = new Cost(new BigDecimal("0.1"), EUR);
    assertThat(a.plus(a).amount()).isEqualByComparingTo("0.2");
    assertThatThrownBy(() -> a.plus(new Cost(BigDecimal.ONE, Currency.getInstance("USD"))))
        .hasMessageContaining("cannot add USD to EUR");
    assertThatThrownBy(() -> new Cost(new BigDecimal("-0.01"), EUR)).hasMessageContaining("must not be negative");
  }

  @Test
  void aCostingContextSumsOneCurrencyAndSkipsAnother() {
    CostingContext context = new CostingContext();
    assertThat(context.cost()).isEmpty();
    context.add(new Cost(new BigDecimal("0.5"), EUR));
    context.add(new Cost(new BigDecimal("0.25"), EUR));
    context.add(new Cost(new BigDecimal("9"), Currency.getInstance("USD")));
    assertThat(context.cost().orElseThrow().amount()).isEqualByComparingTo("0.75");
  }
}
