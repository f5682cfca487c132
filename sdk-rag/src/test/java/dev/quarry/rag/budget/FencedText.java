package dev.quarry.rag.budget;

/**
 * For tests: a context's passage fences with the random code replaced by {@code CODE}, so texts can be compared.
 */
public final class FencedText {
  private FencedText() {}

  /** {@code text} with each fence's code written {@code CODE}. */
  public static String normalized(String text) {
    return text.replaceAll("(<<<(?:END )?PASSAGE \\[\\d+\\] )[0-9a-f]{8}", "$1CODE");
  }

  /** A passage as the context renders it, with the code written {@code CODE}. */
  public static String block(int number, String label, String text) {
    return "<<<PASSAGE [" + number + "] CODE " + label + ">>>\n" + text + "\n<<<END PASSAGE [" + number + "] CODE>>>";
  }
}
