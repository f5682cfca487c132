package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.ExpressionType;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Value;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

/** What {@link FilterMapping} translates, and how it refuses what it cannot. */
class FilterMappingTest {
  private static final FilterExpressionBuilder B = new FilterExpressionBuilder();

  private static Expression expression(ExpressionType type, String key, Object value) {
    return new Expression(type, new Key(key), new Value(value));
  }

  @Test
  void translatesComparisonsOneToOne() {
    assertThat(FilterMapping.toQuarry(B.eq("lang", "en").build())).isEqualTo(Filter.eq("lang", "en"));
    assertThat(FilterMapping.toQuarry(B.ne("lang", "en").build())).isEqualTo(Filter.not(Filter.eq("lang", "en")));
    assertThat(FilterMapping.toQuarry(B.gte("year", 2020).build())).isEqualTo(Filter.gte("year", 2020L));
    assertThat(FilterMapping.toQuarry(B.lt("score", 0.5f).build())).isEqualTo(Filter.lt("score", 0.5));
    assertThat(FilterMapping.toQuarry(B.in("lang", "en", "de").build()))
        .isEqualTo(Filter.in("lang", List.of("en", "de")));
    assertThat(FilterMapping.toQuarry(B.nin("year", 1, 2L, 3.5).build()))
        .isEqualTo(Filter.not(Filter.in("year", List.of(1L, 2L, 3.5))));
    assertThat(FilterMapping.toQuarry(B.and(B.eq("a", true), B.not(B.group(B.or(B.eq("b", 1), B.eq("c", 2))))).build()))
        .isEqualTo(Filter.and(Filter.eq("a", true), Filter.not(Filter.or(Filter.eq("b", 1), Filter.eq("c", 2)))));
  }

  @Test
  void readsQuotedKeysAsSpringAiDoes() {
    assertThat(FilterMapping.toQuarry(B.eq("'my key'", "v").build())).isEqualTo(Filter.eq("my key", "v"));
    assertThat(FilterMapping.toQuarry(new FilterExpressionTextParser().parse("\"my key\" == 'v'")))
        .isEqualTo(Filter.eq("my key", "v"));
    assertThat(FilterMapping.toQuarry(new FilterExpressionTextParser().parse("meta.year > 2000")))
        .isEqualTo(Filter.gt("meta.year", 2000L));
  }

  @Test
  void nullChecksSeeEveryKindOfValueAndTreatEmptyListsAsNull() {
    Filter present = FilterMapping.toQuarry(B.isNotNull("k").build());
    Filter missing = FilterMapping.toQuarry(B.isNull("k").build());
    List<Object> values =
        List.of("", "text", 0L, -0.0, Long.MIN_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-300,
            true, false, List.of("a"), List.of(5L), List.of(false));

    for (Object value : values) {
      Metadata metadata = Metadata.of(Map.of("k", value));
      assertThat(present.matches(metadata)).as("IS NOT NULL for %s", value).isTrue();
      assertThat(missing.matches(metadata)).as("IS NULL for %s", value).isFalse();
    }
    assertThat(present.matches(Metadata.of(Map.of("k", List.of())))).isFalse();
    assertThat(missing.matches(Metadata.of(Map.of("k", List.of())))).isTrue();
    assertThat(missing.matches(Metadata.of(Map.of("other", 1)))).isTrue();
  }

  static Stream<Arguments> untranslatable() {
    List<Object> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    return Stream.of(
        Arguments.of(B.in("k", List.of()).build(), "IN on 'k' needs at least one value"),
        Arguments.of(B.nin("k", List.of()).build(), "NIN on 'k' needs at least one value"),
        Arguments.of(expression(ExpressionType.IN, "k", "a"), "IN on 'k' needs a list"),
        Arguments.of(expression(ExpressionType.EQ, "k", List.of("a")), "EQ on 'k' compares with one value"),
        Arguments.of(B.gt("k", true).build(), "GT on 'k': booleans are not ordered"),
        Arguments.of(B.lte("k", new Date(0)).build(), "LTE on 'k'"),
        Arguments.of(B.eq("k", new BigDecimal("1.5")).build(), "java.math.BigDecimal"),
        Arguments.of(expression(ExpressionType.EQ, "k", null), "EQ on 'k': value null"),
        Arguments.of(B.in("k", withNull).build(), "IN on 'k': value null"),
        Arguments.of(B.eq("k", Double.NaN).build(), "NaN"),
        Arguments.of(new Expression(ExpressionType.EQ, new Value("v"), new Key("k")), "EQ needs a metadata key"),
        Arguments.of(new Expression(ExpressionType.GT, new Key("k"), new Key("j")), "GT needs a value"),
        Arguments.of(new Expression(ExpressionType.AND, new Key("k"), B.eq("a", 1).build()), "AND combines expressions"),
        Arguments.of(new Expression(ExpressionType.OR, B.eq("a", 1).build(), null), "OR needs an expression operand"),
        Arguments.of(new Expression(ExpressionType.NOT, new Group(null)), "NOT combines expressions"),
        Arguments.of(B.eq(" ", 1).build(), "EQ needs a non-blank metadata key"));
  }

  @ParameterizedTest
  @MethodSource("untranslatable")
  void refusesWhatItCannotTranslateNamingTheOperator(Expression expression, String message) {
    assertThatThrownBy(() -> FilterMapping.toQuarry(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void suggestsStringsForDates() {
    assertThatThrownBy(() -> FilterMapping.toQuarry(B.gte("published", new Date(0)).build()))
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> FilterMapping.toQuarry(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
