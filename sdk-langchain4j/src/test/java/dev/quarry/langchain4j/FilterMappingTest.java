package dev.quarry.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.quarry.api.store.Filter.Eq;
import dev.quarry.api.store.Filter.Not;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every LangChain4j filter the bridge translates selects, on Quarry metadata, exactly the records LangChain4j's
 * own evaluation selects on the same metadata.
 */
class FilterMappingTest {
  private static final UUID OWNER = UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2");

  /** Records with the key present, absent, and of several types, as both libraries hold them. */
  private static final List<Map<String, Object>> RECORDS =
      List.of(
          Map.of("lang", "en", "year", 2021, "score", 0.5, "owner", OWNER),
          Map.of("lang", "fr", "year", 2019L, "score", 0.9f),
          Map.of("lang", "de", "year", 2024),
          Map.of("year", 2021),
          Map.of());

  static Stream<Filter> translatable() {
    return Stream.of(
        metadataKey("lang").isEqualTo("en"),
        metadataKey("year").isEqualTo(2021),
        metadataKey("year").isEqualTo(2021L),
        metadataKey("owner").isEqualTo(OWNER),
        metadataKey("lang").isNotEqualTo("en"),
        metadataKey("year").isGreaterThan(2020),
        metadataKey("year").isGreaterThanOrEqualTo(2021),
        metadataKey("year").isLessThan(2021),
        metadataKey("year").isLessThanOrEqualTo(2021L),
        metadataKey("score").isGreaterThan(0.6),
        metadataKey("lang").isLessThan("f"),
        metadataKey("year").isBetween(2019, 2021),
        metadataKey("lang").isIn("en", "de"),
        metadataKey("year").isIn(2019, 2024),
        metadataKey("lang").isNotIn("en", "de"),
        metadataKey("lang").isEqualTo("en").or(metadataKey("year").isLessThan(2020)),
        metadataKey("lang").isIn("en", "fr").and(metadataKey("year").isGreaterThan(2019)),
        Filter.not(metadataKey("lang").isEqualTo("fr")));
  }

  @ParameterizedTest
  @MethodSource("translatable")
  void selectsWhatLangChain4jSelects(Filter filter) {
    dev.quarry.api.store.Filter translated = FilterMapping.toQuarry(filter);

    for (Map<String, Object> values : RECORDS) {
      Metadata metadata = new Metadata(values);
      assertThat(translated.matches(MetadataMapping.toQuarry(metadata)))
          .as("%s on %s", filter, values)
          .isEqualTo(filter.test(metadata));
    }
  }

  @Test
  void notEqualBecomesTheNegationOfEquality() {
    assertThat(FilterMapping.toQuarry(metadataKey("lang").isNotEqualTo("en")))
        .isEqualTo(new Not(new Eq("lang", "en")));
  }

  @Test
  void containsStringIsRefusedWithAReason() {
    assertThatThrownBy(() -> FilterMapping.toQuarry(metadataKey("title").containsString("RAG")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("containsString('title'")
        .hasMessageContaining("no Quarry equivalent");
  }

  @Test
  void anUnknownFilterClassIsRefusedByName() {
    Filter custom = object -> true;

    assertThatThrownBy(() -> FilterMapping.toQuarry(custom))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be translated");
  }
}
