package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolSpecTest {
  private static final String SCHEMA = "{\"type\":\"object\"}";

  @ParameterizedTest
  @ValueSource(strings = {"search", "get_weather", "run-sql", "Tool2", "a"})
  void acceptsLettersDigitsUnderscoreAndDash(String name) {
    assertThat(new ToolSpec(name, "d", SCHEMA).name()).isEqualTo(name);
  }

  @Test
  void acceptsSixtyFourCharsButNotSixtyFive() {
    assertThat(new ToolSpec("a".repeat(64), "d", SCHEMA).name()).hasSize(64);
    assertThatThrownBy(() -> new ToolSpec("a".repeat(65), "d", SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 1 to 64 letters, digits, '_' or '-'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "dot.name", "slash/name", "ünï", "call()"})
  void rejectsBadNamesQuotingThem(String name) {
    assertThatThrownBy(() -> new ToolSpec(name, "d", SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
  }

  @Test
  void rejectsBlankName() {
    assertThatThrownBy(() -> new ToolSpec(" ", "d", SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool name must not be blank");
  }

  @Test
  void acceptsEmptyDescriptionButNotNull() {
    assertThat(new ToolSpec("search", "", SCHEMA).description()).isEmpty();
    assertThatThrownBy(() -> new ToolSpec("search", null, SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool description must not be null");
  }

  @Test
  void rejectsBlankSchema() {
    assertThatThrownBy(() -> new ToolSpec("search", "d", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool parameters schema must not be blank");
  }
}
