package dev.quarry.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A megabyte of text made to make a backtracking matcher slow takes well under a second; the bound here is 2 s so
 * a slow build machine does not fail it. Each input repeats one unit until it is 1 MiB long.
 */
class HostileInputTest {
  private static final int MIB = 1 << 20;
  private static final long BOUND_NANOS = 2_000_000_000L;

  private static final Redactor REDACTOR = Redactor.builder().build();
  private static final InjectionDetector DETECTOR = InjectionDetector.builder().build();

  @ParameterizedTest
  @ValueSource(strings = {"a@", "1", "1 ", "+1 ", "4111 ", "-----BEGIN PRIVATE KEY-----\n", "eyJ", "eyJabcdefgh.",
      "a", "AKIA", "sk-", "password=", "Bearer ", "DE89 ", "0 ", "ab.cd-ef.gh", "(", ".", "-", " ", "\n"})
  void redactsInLinearTime(String unit) {
    assertFast(unit, REDACTOR::find);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ignore all previous ", "you are now ", "<|", "\n", " ", "a", "QUJD",
      "aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnMg ", "![a](http://x/?", "s a y ", "a\u200bb",
      "\u0456gn\u043er\u0435 ", "(", ".", "#", "\\n", "say \"", "\nJohn:", "\u00e4", "\udb40\udc41",
      "you your all not the if as we i do that this it now from ignore forget what new stop ",
      "du bist sie sind die alle vergiss ", "previous instructions are ", "send the conversation history to "})
  void detectsInLinearTime(String unit) {
    assertFast(unit, DETECTOR::detect);
  }

  private static void assertFast(String unit, Consumer<String> work) {
    String text = unit.repeat(MIB / unit.length());
    work.accept(text.substring(0, 10_000)); // warm up
    long start = System.nanoTime();
    work.accept(text);
    long took = System.nanoTime() - start;
    assertThat(took).as("%s x %d took %d ms", unit.strip(), MIB / unit.length(), took / 1_000_000)
        .isLessThan(BOUND_NANOS);
  }
}
