package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern of a rule class of {@link InjectionDetector}, with its weight.
 *
 * <p>A <em>word</em> rule runs on {@link WordText} and is anchored: it is tried only where one of its lead words
 * starts (its triggers), with {@link java.util.regex.Matcher#lookingAt()} over a window of {@link #WINDOW} chars,
 * so its cost per position is bounded and a whole text costs linear time. Its pattern is written in a small
 * notation: {@code ~N} stands for a gap of up to N words; the lead and the pattern end at word boundaries. A
 * <em>markup</em> rule runs on {@link FoldedText}, anchored the same way on characters: it is tried at the start
 * of the text and wherever one of its anchor characters occurs ({@code <} for {@code <|im_start|>}, a newline for
 * a role at the start of a line), over a window of {@link #MARKUP_WINDOW} chars. Immutable.
 *
 * @param name the rule class, reported in {@link InjectionVerdict#rules()}
 * @param weight what a match adds to the score (a class adds the weight of its heaviest match)
 * @param pattern the compiled pattern
 * @param triggers the first words of the lead (word rules); empty for markup rules
 * @param anchors the characters where a markup rule is tried; empty for word rules
 * @param sentenceStart whether the lead must start a sentence (word rules)
 */
record Rule(String name, double weight, Pattern pattern, List<String> triggers, String anchors,
    boolean sentenceStart) {
  /** How far past its lead word a word rule may look. */
  static final int WINDOW = 400;
  /** How far past its anchor a markup rule may look. */
  static final int MARKUP_WINDOW = 2048;

  /** One word of up to 24 letters, digits or apostrophes, taken whole. */
  static final String WORD = "[\\p{L}\\p{N}']{1,24}+";

  private static final String BOUNDARY = "(?![\\p{L}\\p{N}'])";

  /** A word rule: {@code lead} is an alternation of literal words and phrases, {@code rest} follows it. */
  static Rule words(String name, double weight, String lead, String rest) {
    return word(name, weight, lead, rest, false);
  }

  /** A word rule whose lead must start a sentence. */
  static Rule sentence(String name, double weight, String lead, String rest) {
    return word(name, weight, lead, rest, true);
  }

  /**
   * A markup rule over the folded text, tried at its start and at each of the ASCII characters {@code anchors};
   * the match must begin there.
   */
  static Rule markup(String name, double weight, String anchors, String regex) {
    if (anchors.isEmpty() || !anchors.chars().allMatch(c -> c < 128)) {
      throw new IllegalArgumentException("anchors must be ASCII characters, was '" + anchors + "'");
    }
    return new Rule(name, weight, Pattern.compile(regex), List.of(), anchors, false);
  }

  boolean isWordRule() {
    return !triggers.isEmpty();
  }

  private static Rule word(String name, double weight, String lead, String rest, boolean sentenceStart) {
    List<String> triggers = new ArrayList<>();
    for (String alternative : lead.split("\\|")) {
      if (!alternative.matches("[\\p{L}\\p{N}' ]+")) {
        throw new IllegalArgumentException("lead alternatives must be literal words, was '" + alternative + "'");
      }
      String first = alternative.split(" ")[0];
      if (!triggers.contains(first)) {
        triggers.add(first);
      }
    }
    String regex = "(?:" + lead + ")" + BOUNDARY + expand(rest) + BOUNDARY;
    return new Rule(name, weight, Pattern.compile(regex), List.copyOf(triggers), "", sentenceStart);
  }

  /** Replaces each {@code ~N} (N one digit) by a gap of up to N words, each followed by a space. */
  static String expand(String rest) {
    StringBuilder sb = new StringBuilder(rest.length() + 64);
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '~' && i + 1 < rest.length() && Character.isDigit(rest.charAt(i + 1))) {
        sb.append("(?:").append(WORD).append(" ){0,").append(rest.charAt(++i)).append('}');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
