package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Metadata values keep their meaning across the libraries; the two kinds LangChain4j lacks become strings. */
class MetadataMappingTest {

  @Test
  void langChain4jValuesBecomeQuarrysNormalForms() {
    UUID id = UUID.randomUUID();
    dev.langchain4j.data.document.Metadata lc4j =
        new dev.langchain4j.data.document.Metadata(
            Map.of("s", "text", "i", 7, "l", 8L, "f", 1.5f, "d", 2.25, "u", id));

    Metadata quarry = MetadataMapping.toQuarry(lc4j);

    assertThat(quarry.asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("s", "text", "i", 7L, "l", 8L, "f", 1.5, "d", 2.25, "u", id.toString()));
  }

  @Test
  void quarryBooleansAndListsBecomeStringsAndNothingIsDropped() {
    Metadata quarry =
        Metadata.of(Map.of("s", "text", "n", 3, "x", 0.5, "ok", true, "tags", List.of("a", "b"), "nums", List.of(1, 2)));

    dev.langchain4j.data.document.Metadata lc4j = MetadataMapping.toLangChain4j(quarry);

    assertThat(lc4j.toMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("s", "text", "n", 3L, "x", 0.5, "ok", "true", "tags", "[\"a\",\"b\"]", "nums", "[1,2]"));
  }

  @Test
  void stringsAndNumbersSurviveARoundTrip() {
    Metadata quarry = Metadata.of(Map.of("s", "text", "n", 3L, "x", 0.5));

    assertThat(MetadataMapping.toQuarry(MetadataMapping.toLangChain4j(quarry))).isEqualTo(quarry);
  }
}
