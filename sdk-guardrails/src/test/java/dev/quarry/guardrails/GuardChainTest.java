package dev.quarry.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardChainTest {
  private final List<String> seen = new ArrayList<>();

  private TextGuard upperCase() {
    return text -> {
      seen.add("upper:" + text);
      return new GuardResult.Transform(text.toUpperCase(), List.of(new Finding("upper", "CASE", 0, text.length())));
    };
  }

  private TextGuard blockIf(String word) {
    return text -> {
      seen.add("block:" + text);
      return text.contains(word)
          ? new GuardResult.Block("contains " + word, List.of(new Finding("block", "WORD", 0, 1)))
          : new GuardResult.Allow();
    };
  }

  private TextGuard allow() {
    return text -> {
      seen.add("allow:" + text);
      return new GuardResult.Allow();
    };
  }

  @Test
  void allowsWhenEveryGuardAllows() {
    assertThat(TextGuard.chain(allow(), allow()).check("hi")).isEqualTo(new GuardResult.Allow());
    assertThat(seen).containsExactly("allow:hi", "allow:hi");
  }

  @Test
  void feedsEachTransformToTheNextGuardAndMergesFindings() {
    GuardResult result = TextGuard.chain(upperCase(), allow(), text -> new GuardResult.Transform(text + "!",
        List.of(new Finding("bang", "END", text.length(), text.length())))).check("hi");

    assertThat(seen).containsExactly("upper:hi", "allow:HI");
    assertThat(result).isInstanceOf(GuardResult.Transform.class);
    GuardResult.Transform t = (GuardResult.Transform) result;
    assertThat(t.text()).isEqualTo("HI!");
    assertThat(t.findings()).containsExactly(new Finding("upper", "CASE", 0, 2), new Finding("bang", "END", 2, 2));
  }

  @Test
  void stopsAtTheFirstBlockKeepingEarlierFindings() {
    GuardResult result = TextGuard.chain(upperCase(), blockIf("HI"), allow()).check("hi");

    assertThat(seen).containsExactly("upper:hi", "block:HI");
    assertThat(result).isEqualTo(new GuardResult.Block("contains HI",
        List.of(new Finding("upper", "CASE", 0, 2), new Finding("block", "WORD", 0, 1))));
  }

  @Test
  void laterGuardsSeeTheTransformedText() {
    // the blocker looks for lower case, which the first guard removed
    assertThat(TextGuard.chain(upperCase(), blockIf("hi")).check("hi")).isInstanceOf(GuardResult.Transform.class);
  }

  @Test
  void chainsChains() {
    TextGuard inner = TextGuard.chain(upperCase());
    assertThat(TextGuard.chain(inner, blockIf("HI")).check("hi")).isInstanceOf(GuardResult.Block.class);
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> TextGuard.chain()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guards");
    assertThatThrownBy(() -> TextGuard.chain((TextGuard[]) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guards");
    assertThatThrownBy(() -> TextGuard.chain(allow(), null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guards");
    assertThatThrownBy(() -> TextGuard.chain(allow()).check(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text");
  }

  @Test
  void reportsAGuardThatReturnsNull() {
    assertThatThrownBy(() -> TextGuard.chain(text -> null).check("x")).isInstanceOf(IllegalStateException.class);
  }
}
