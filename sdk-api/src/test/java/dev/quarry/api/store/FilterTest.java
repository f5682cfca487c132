package dev.quarry.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Metadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FilterTest {

  /** Metadata from alternating keys and values. */
  private static Metadata meta(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Metadata.of(map);
  }

  @Nested
  class Equality {
    @Test
    void wholeNumberEqualsDecimalOfTheSameValue() {
      assertThat(Filter.eq("n", 3.0).matches(meta("n", 3))).isTrue();
      assertThat(Filter.eq("n", 3).matches(meta("n", 3.0))).isTrue();
      assertThat(Filter.eq("n", 3.0f).matches(meta("n", 3L))).isTrue();
      assertThat(Filter.eq("n", 3.5).matches(meta("n", 3))).isFalse();
    }

    @Test
    void negativeZeroEqualsZero() {
      assertThat(Filter.eq("n", 0).matches(meta("n", -0.0))).isTrue();
      assertThat(Filter.eq("n", 0.0).matches(meta("n", -0.0))).isTrue();
    }

    @Test
    void largeWholeNumbersCompareExactly() {
      assertThat(Filter.eq("n", Long.MAX_VALUE).matches(meta("n", Long.MAX_VALUE - 1))).isFalse();
      assertThat(Filter.eq("n", Long.MAX_VALUE).matches(meta("n", Long.MAX_VALUE))).isTrue();
    }

    @Test
    void stringsMatchExactlyAndCaseSensitively() {
      assertThat(Filter.eq("lang", "en").matches(meta("lang", "en"))).isTrue();
      assertThat(Filter.eq("lang", "en").matches(meta("lang", "EN"))).isFalse();
      assertThat(Filter.eq("lang", "en").matches(meta("lang", "en "))).isFalse();
    }

    @Test
    void stringNeverEqualsNumber() {
      assertThat(Filter.eq("n", 3).matches(meta("n", "3"))).isFalse();
      assertThat(Filter.eq("n", "3").matches(meta("n", 3))).isFalse();
      assertThat(Filter.in("n", List.of("3", "3.0")).matches(meta("n", 3))).isFalse();
    }

    @Test
    void booleansMatchOnlyBooleans() {
      assertThat(Filter.eq("draft", true).matches(meta("draft", true))).isTrue();
      assertThat(Filter.eq("draft", true).matches(meta("draft", false))).isFalse();
      assertThat(Filter.eq("draft", true).matches(meta("draft", "true"))).isFalse();
      assertThat(Filter.eq("draft", true).matches(meta("draft", 1))).isFalse();
    }

    @Test
    void listValueMatchesWhenAnyElementDoes() {
      Metadata tagged = meta("tags", List.of("java", "rag"), "scores", List.of(1, 2.5));

      assertThat(Filter.eq("tags", "rag").matches(tagged)).isTrue();
      assertThat(Filter.eq("tags", "go").matches(tagged)).isFalse();
      assertThat(Filter.eq("scores", 2.5).matches(tagged)).isTrue();
      assertThat(Filter.eq("scores", 1.0).matches(tagged)).isTrue();
    }

    @Test
    void emptyListMatchesNoEquality() {
      Metadata untagged = meta("tags", List.of());

      assertThat(Filter.eq("tags", "java").matches(untagged)).isFalse();
      assertThat(Filter.not(Filter.eq("tags", "java")).matches(untagged)).isTrue();
    }

    @Test
    void missingKeyMatchesNothingButItsNegation() {
      Metadata other = meta("lang", "en");

      assertThat(Filter.eq("year", 2024).matches(other)).isFalse();
      assertThat(Filter.in("year", List.of(2024)).matches(other)).isFalse();
      assertThat(Filter.gte("year", 0).matches(other)).isFalse();
      assertThat(Filter.not(Filter.eq("year", 2024)).matches(other)).isTrue();
      assertThat(Filter.eq("year", 2024).matches(Metadata.empty())).isFalse();
    }

    @Test
    void valuesAreNormalisedSoEqualFiltersAreEqual() {
      assertThat(Filter.eq("n", 3)).isEqualTo(Filter.eq("n", 3L));
      assertThat(((Filter.Eq) Filter.eq("n", 1.5f)).value()).isEqualTo(1.5d);
    }

    @Test
    void rejectsUnsupportedValueNamingTheKey() {
      assertThatThrownBy(() -> Filter.eq("when", Instant.EPOCH))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'when'")
          .hasMessageContaining("java.time.Instant");
      assertThatThrownBy(() -> Filter.eq("tags", List.of("a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'tags'");
    }

    @Test
    void rejectsNullValueAndBlankKey() {
      assertThatThrownBy(() -> Filter.eq("lang", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("metadata 'lang': value must not be null");
      assertThatThrownBy(() -> Filter.eq(" ", "en"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("filter key must not be blank");
    }
  }

  @Nested
  class Membership {
    @Test
    void matchesWhenTheValueIsAnyOfTheListed() {
      Filter filter = Filter.in("lang", List.of("en", "de"));

      assertThat(filter.matches(meta("lang", "de"))).isTrue();
      assertThat(filter.matches(meta("lang", "fr"))).isFalse();
    }

    @Test
    void comparesNumbersByValue() {
      Filter filter = Filter.in("year", List.of(2023, 2024.0));

      assertThat(filter.matches(meta("year", 2024))).isTrue();
      assertThat(filter.matches(meta("year", 2023.0))).isTrue();
      assertThat(filter.matches(meta("year", 2022))).isFalse();
    }

    @Test
    void matchesListValueWhenAnyElementIsListed() {
      Filter filter = Filter.in("tags", List.of("go", "rag"));

      assertThat(filter.matches(meta("tags", List.of("java", "rag")))).isTrue();
      assertThat(filter.matches(meta("tags", List.of("java", "c")))).isFalse();
    }

    @Test
    void rejectsEmptyList() {
      assertThatThrownBy(() -> Filter.in("lang", List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("filter 'lang': 'in' needs at least one value");
    }

    @Test
    void rejectsNullListAndNullElement() {
      assertThatThrownBy(() -> Filter.in("lang", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("filter 'lang' values must not be null");
      List<String> withNull = new ArrayList<>(List.of("en"));
      withNull.add(null);
      assertThatThrownBy(() -> Filter.in("lang", withNull))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("filter 'lang' values must not contain null (index 1)");
    }

    @Test
    void copiesTheCallersListAndExposesAnImmutableOne() {
      List<Object> values = new ArrayList<>(List.of("en"));
      Filter.In filter = (Filter.In) Filter.in("lang", values);

      values.add("de");

      assertThat(filter.values()).containsExactly("en");
      assertThat(filter.matches(meta("lang", "de"))).isFalse();
      assertThatThrownBy(() -> filter.values().add("fr")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Ranges {
    @Test
    void rejectsRangesThatCouldNeverMatch() {
      assertThatThrownBy(() -> Filter.between("n", 5, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lower bound 5 is above the upper bound 1");
      assertThatThrownBy(() -> Filter.between("n", 1, "z"))
          .hasMessageContaining("both be numbers or both be strings");
      assertThat(Filter.between("n", 3, 3).matches(meta("n", 3))).isTrue();
    }

    @Test
    void exclusiveBoundsLeaveTheBoundOut() {
      assertThat(Filter.gt("n", 5).matches(meta("n", 5))).isFalse();
      assertThat(Filter.gt("n", 5).matches(meta("n", 6))).isTrue();
      assertThat(Filter.lt("n", 5).matches(meta("n", 5))).isFalse();
      assertThat(Filter.lt("n", 5).matches(meta("n", 4))).isTrue();
    }

    @Test
    void inclusiveBoundsTakeTheBoundIn() {
      assertThat(Filter.gte("n", 5).matches(meta("n", 5))).isTrue();
      assertThat(Filter.gte("n", 5).matches(meta("n", 4))).isFalse();
      assertThat(Filter.lte("n", 5).matches(meta("n", 5))).isTrue();
      assertThat(Filter.lte("n", 5).matches(meta("n", 6))).isFalse();
    }

    @Test
    void betweenIsInclusiveAtBothEnds() {
      Filter filter = Filter.between("year", 2020, 2024);

      assertThat(filter.matches(meta("year", 2020))).isTrue();
      assertThat(filter.matches(meta("year", 2024))).isTrue();
      assertThat(filter.matches(meta("year", 2019))).isFalse();
      assertThat(filter.matches(meta("year", 2025))).isFalse();
    }

    @Test
    void explicitRangeMayMixInclusiveAndExclusiveBounds() {
      Filter filter =
          new Filter.Range(
              "n", Optional.of(new Filter.Bound(1, false)), Optional.of(new Filter.Bound(3, true)));

      assertThat(filter.matches(meta("n", 1))).isFalse();
      assertThat(filter.matches(meta("n", 3))).isTrue();
    }

    @Test
    void comparesNumbersAcrossTypes() {
      assertThat(Filter.lt("n", 5.5).matches(meta("n", 5))).isTrue();
      assertThat(Filter.between("n", 2, 3).matches(meta("n", 2.5f))).isTrue();
      assertThat(Filter.gt("n", 2.0).matches(meta("n", 2))).isFalse();
    }

    @Test
    void negativeZeroIsNotBelowZero() {
      assertThat(Filter.lt("n", 0).matches(meta("n", -0.0))).isFalse();
      assertThat(Filter.gte("n", 0.0).matches(meta("n", -0.0))).isTrue();
    }

    @Test
    void ordersStringsLexicographically() {
      Filter filter = Filter.gte("name", "b");

      assertThat(filter.matches(meta("name", "b"))).isTrue();
      assertThat(filter.matches(meta("name", "c"))).isTrue();
      assertThat(filter.matches(meta("name", "a"))).isFalse();
    }

    @Test
    void stringNeverOrdersAgainstNumber() {
      assertThat(Filter.gte("n", 1).matches(meta("n", "5"))).isFalse();
      assertThat(Filter.lt("n", 1).matches(meta("n", "0"))).isFalse();
      assertThat(Filter.gte("name", "a").matches(meta("name", 5))).isFalse();
    }

    @Test
    void booleanValueIsOutsideEveryRange() {
      assertThat(Filter.gte("n", 0).matches(meta("n", true))).isFalse();
    }

    @Test
    void listValueIsInRangeWhenAnyElementIs() {
      Metadata scores = meta("scores", List.of(1, 10));

      assertThat(Filter.gt("scores", 5).matches(scores)).isTrue();
      assertThat(Filter.lt("scores", 0).matches(scores)).isFalse();
    }

    @Test
    void rejectsBooleanAndNaNBounds() {
      assertThatThrownBy(() -> Filter.gt("n", true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("boolean");
      assertThatThrownBy(() -> Filter.lt("n", Double.NaN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a range bound must not be NaN");
    }

    @Test
    void rejectsRangeWithoutBounds() {
      assertThatThrownBy(() -> new Filter.Range("n", Optional.empty(), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("filter 'n': a range needs a lower or an upper bound");
    }
  }

  @Nested
  class Logic {
    private final Metadata doc = meta("lang", "en", "year", 2024);

    @Test
    void andNeedsEveryOperand() {
      assertThat(Filter.and(Filter.eq("lang", "en"), Filter.gte("year", 2020)).matches(doc)).isTrue();
      assertThat(Filter.and(Filter.eq("lang", "en"), Filter.gte("year", 2025)).matches(doc)).isFalse();
    }

    @Test
    void orNeedsAnyOperand() {
      assertThat(Filter.or(Filter.eq("lang", "de"), Filter.gte("year", 2020)).matches(doc)).isTrue();
      assertThat(Filter.or(Filter.eq("lang", "de"), Filter.gte("year", 2025)).matches(doc)).isFalse();
    }

    @Test
    void notNegates() {
      assertThat(Filter.not(Filter.eq("lang", "en")).matches(doc)).isFalse();
      assertThat(Filter.not(Filter.eq("lang", "de")).matches(doc)).isTrue();
    }

    @Test
    void operatorsNest() {
      Filter filter =
          Filter.and(
              Filter.or(Filter.eq("lang", "de"), Filter.eq("lang", "en")),
              Filter.not(Filter.lt("year", 2024)));

      assertThat(filter.matches(doc)).isTrue();
      assertThat(filter.matches(meta("lang", "en", "year", 2023))).isFalse();
    }

    @Test
    void rejectsEmptyOperandLists() {
      assertThatThrownBy(Filter::and)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'and' needs at least one operand");
      assertThatThrownBy(Filter::or)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'or' needs at least one operand");
    }

    @Test
    void rejectsNullOperands() {
      assertThatThrownBy(() -> Filter.not(null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("negated filter must not be null");
      List<Filter> withNull = new ArrayList<>();
      withNull.add(null);
      assertThatThrownBy(() -> new Filter.And(withNull))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'and' operands must not contain null (index 0)");
    }

    @Test
    void copiesOperandLists() {
      List<Filter> operands = new ArrayList<>(List.of(Filter.eq("lang", "en")));
      Filter.Or or = new Filter.Or(operands);

      operands.add(Filter.eq("year", 2024));

      assertThat(or.filters()).hasSize(1);
      assertThatThrownBy(() -> or.filters().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
