package dev.quarry.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void wholeNumbersBecomeLong() {
    Metadata metadata =
        Metadata.of(Map.of("i", 3, "s", (short) 4, "b", (byte) 5, "l", 6L));

    assertThat(metadata.asMap())
        .containsEntry("i", 3L)
        .containsEntry("s", 4L)
        .containsEntry("b", 5L)
        .containsEntry("l", 6L);
    assertThat(metadata.get("i")).containsInstanceOf(Long.class);
  }

  @Test
  void floatsBecomeDouble() {
    Metadata metadata = Metadata.of(Map.of("f", 1.5f, "d", 2.25));

    assertThat(metadata.get("f")).contains(1.5d);
    assertThat(metadata.get("d")).contains(2.25d);
  }

  @Test
  void stringsAndBooleansAreKept() {
    Metadata metadata = Metadata.of(Map.of("title", "Quarry", "draft", false));

    assertThat(metadata.getString("title")).contains("Quarry");
    assertThat(metadata.getBoolean("draft")).contains(false);
  }

  @Test
  void listElementsAreNormalised() {
    Metadata metadata = Metadata.of(Map.of("mixed", List.of(1, 2.5f, "x", true)));

    assertThat(metadata.get("mixed")).contains(List.of(1L, 2.5d, "x", true));
  }

  @Test
  void listsAreCopiedAndImmutable() {
    List<String> tags = new ArrayList<>(List.of("java"));
    Metadata metadata = Metadata.of(Map.of("tags", tags));

    tags.add("rag");

    assertThat(metadata.get("tags")).contains(List.of("java"));
    @SuppressWarnings("unchecked")
    List<Object> stored = (List<Object>) metadata.get("tags").orElseThrow();
    assertThatThrownBy(() -> stored.add("go")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void changingTheSourceMapLaterDoesNotChangeTheMetadata() {
    Map<String, Object> source = new HashMap<>(Map.of("a", 1));
    Metadata metadata = Metadata.of(source);

    source.put("b", 2);

    assertThat(metadata.containsKey("b")).isFalse();
    assertThat(metadata.size()).isEqualTo(1);
  }

  @Test
  void theMapViewIsUnmodifiable() {
    Metadata metadata = Metadata.of(Map.of("a", 1));

    assertThatThrownBy(() -> metadata.asMap().put("b", 2L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Metadata.empty().asMap().put("b", 2L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void iteratesInKeyOrder() {
    Metadata metadata = Metadata.of(Map.of("c", 1, "a", 2, "b", 3));

    assertThat(metadata.asMap().keySet()).containsExactly("a", "b", "c");
    assertThat(metadata).hasToString("{a=2, b=3, c=1}");
  }

  @Test
  void rejectsUnsupportedTypeNamingTheKeyAndTheType() {
    assertThatThrownBy(() -> Metadata.of(Map.of("created", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'created'")
        .hasMessageContaining("java.time.Instant");
    assertThatThrownBy(() -> Metadata.of(Map.of("price", BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'price'")
        .hasMessageContaining("java.math.BigDecimal");
    assertThatThrownBy(() -> Metadata.of(Map.of("tags", Set.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tags'");
  }

  @Test
  void rejectsUnsupportedListElementNamingTheKey() {
    assertThatThrownBy(() -> Metadata.of(Map.of("dates", List.of(Instant.EPOCH))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'dates'");
  }

  @Test
  void rejectsNestedLists() {
    assertThatThrownBy(() -> Metadata.of(Map.of("grid", List.of(List.of(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata 'grid': nested lists are not allowed");
  }

  @Test
  void rejectsNullValuesNamingTheKey() {
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("title", null);

    assertThatThrownBy(() -> Metadata.of(withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata 'title': value must not be null");
    assertThatThrownBy(() -> Metadata.empty().with("title", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'title'");
  }

  @Test
  void rejectsNullOrBlankKeysAndNullMap() {
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, 1);

    assertThatThrownBy(() -> Metadata.of(nullKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key must not be null or blank");
    assertThatThrownBy(() -> Metadata.empty().with("  ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key must not be null or blank");
    assertThatThrownBy(() -> Metadata.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata map must not be null");
  }

  @Test
  void withReturnsANormalisedCopyAndLeavesTheOriginal() {
    Metadata original = Metadata.of(Map.of("a", 1));

    Metadata changed = original.with("a", 2).with("b", 2.5f);

    assertThat(original.asMap()).containsExactly(Map.entry("a", 1L));
    assertThat(changed.asMap()).containsExactly(Map.entry("a", 2L), Map.entry("b", 2.5d));
  }

  @Test
  void mergeLetsTheOtherWinOnEqualKeys() {
    Metadata base = Metadata.of(Map.of("a", 1, "b", "x"));
    Metadata other = Metadata.of(Map.of("b", "y", "c", true));

    Metadata merged = base.merge(other);

    assertThat(merged.asMap())
        .containsExactly(Map.entry("a", 1L), Map.entry("b", "y"), Map.entry("c", true));
    assertThat(base.getString("b")).contains("x");
  }

  @Test
  void mergingWithEmptyReturnsTheNonEmptySide() {
    Metadata metadata = Metadata.of(Map.of("a", 1));

    assertThat(metadata.merge(Metadata.empty())).isSameAs(metadata);
    assertThat(Metadata.empty().merge(metadata)).isSameAs(metadata);
  }

  @Test
  void typedGettersReturnEmptyForOtherTypesAndMissingKeys() {
    Metadata metadata = Metadata.of(Map.of("n", 3, "x", 1.5, "s", "3"));

    assertThat(metadata.getLong("n")).contains(3L);
    assertThat(metadata.getLong("x")).isEmpty();
    assertThat(metadata.getDouble("n")).contains(3.0);
    assertThat(metadata.getDouble("s")).isEmpty();
    assertThat(metadata.getString("n")).isEmpty();
    assertThat(metadata.getBoolean("n")).isEmpty();
    assertThat(metadata.get("missing")).isEmpty();
  }

  @Test
  void metadataEqualAfterNormalisationIsEqual() {
    Metadata fromInt = Metadata.of(Map.of("n", 3, "f", 0.5f));
    Metadata fromLong = Metadata.of(Map.of("n", 3L, "f", 0.5d));

    assertThat(fromInt).isEqualTo(fromLong).hasSameHashCodeAs(fromLong);
  }

  @Test
  void emptyMapGivesEmptyMetadata() {
    assertThat(Metadata.of(Map.of())).isSameAs(Metadata.empty());
    assertThat(Metadata.empty().isEmpty()).isTrue();
    assertThat(Metadata.empty().size()).isZero();
  }

  @org.junit.jupiter.api.Test
  void rejectsNaNValuesNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metadata.of(java.util.Map.of("score", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'score'")
        .hasMessageContaining("NaN");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metadata.empty().with("f", Float.NaN))
        .hasMessageContaining("NaN");
  }
}
