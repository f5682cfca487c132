package dev.quarry.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardResultTest {
  @Test
  void findingNamesCategoryAndPositionOnly() {
    Finding f = new Finding("redactor", "EMAIL", 5, 21);
    assertThat(f.toString()).isEqualTo("Finding[guard=redactor, category=EMAIL, start=5, end=21]");
  }

  @Test
  void findingRefusesBadComponents() {
    assertThatThrownBy(() -> new Finding(" ", "EMAIL", 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guard");
    assertThatThrownBy(() -> new Finding("g", null, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("category");
    assertThatThrownBy(() -> new Finding("g", "c", -1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start");
    assertThatThrownBy(() -> new Finding("g", "c", 3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end");
  }

  @Test
  void resultsCopyTheirFindings() {
    List<Finding> findings = new ArrayList<>(List.of(new Finding("g", "c", 0, 1)));
    GuardResult.Transform t = new GuardResult.Transform("x", findings);
    GuardResult.Block b = new GuardResult.Block("why", findings);
    findings.clear();
    assertThat(t.findings()).hasSize(1);
    assertThat(b.findings()).hasSize(1);
    assertThatThrownBy(() -> t.findings().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void resultsRefuseBadComponents() {
    assertThatThrownBy(() -> new GuardResult.Transform(null, List.of())).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("text");
    assertThatThrownBy(() -> new GuardResult.Transform("x", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("findings");
    assertThatThrownBy(() -> new GuardResult.Transform("x", Arrays.asList((Finding) null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("findings");
    assertThatThrownBy(() -> new GuardResult.Block("", List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new InjectionVerdict(-1, false, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
    assertThatThrownBy(() -> new InjectionVerdict(Double.NaN, false, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
  }
}
