package dev.quarry.rag.pipeline;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flags the sentences of an answer that the passages they cite do not support: a lexical check, cheap enough to
 * run on every answer, that catches a model adding claims of its own.
 *
 * <p>A sentence's support is the share of its content words (no function words, no citation markers) found in the
 * passages it cites, or in every passage of the context when it cites none; a word counts as found when a passage
 * holds it or a word sharing its stem-like prefix (at least four chars and three quarters of the shorter word:
 * {@code flash} and {@code flashes}, {@code build} and {@code built}). A sentence with fewer than {@value
 * #MIN_WORDS} content words ("I do not know.") is not judged. A sentence under the threshold is flagged.
 *
 * <pre>{@code
 * List<GroundingCheck.Unsupported> flagged = GroundingCheck.withMinSupport(0.6).check(answer);
 * }</pre>
 *
 * <p>It judges words, not meaning: a paraphrase with other words is flagged, and a sentence that recombines the
 * passages' words into a false claim passes. Use it to flag answers for review, not as proof.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroundingCheck {
  /** The support under which a sentence is flagged, unless set. */
  public static final double DEFAULT_MIN_SUPPORT = 0.5;

  /** Sentences with fewer content words than this are not judged. */
  public static final int MIN_WORDS = 3;

  private static final GroundingCheck DEFAULTS = new GroundingCheck(DEFAULT_MIN_SUPPORT);

  private final double minSupport;

  private GroundingCheck(double minSupport) {
    this.minSupport = minSupport;
  }

  /** The check with {@link #DEFAULT_MIN_SUPPORT}. */
  public static GroundingCheck defaults() {
    return DEFAULTS;
  }

  /**
   * The check flagging sentences whose support is under {@code minSupport}.
   *
   * @throws IllegalArgumentException if it is not in {@code (0, 1]}
   */
  public static GroundingCheck withMinSupport(double minSupport) {
    if (!(minSupport > 0 && minSupport <= 1)) {
      throw new IllegalArgumentException("minSupport must be in (0, 1], was " + minSupport);
    }
    return new GroundingCheck(minSupport);
  }

  /**
   * The sentences of {@code answer} that its passages do not support, in order; none for an answer that cites
   * nothing and has no context.
   *
   * @throws IllegalArgumentException if {@code answer} is null
   */
  public List<Unsupported> check(Answer answer) {
    if (answer == null) {
      throw new IllegalArgumentException("answer must not be null");
    }
    Map<Integer, Set<String>> cited = new HashMap<>(); // shown number → the words of its passage
    for (Citation citation : answer.citations()) {
      cited.put(citation.number(), Terms.words(answer.context().passages().get(citation.passage() - 1).text()));
    }
    Set<String> everything = new HashSet<>();
    answer.context().passages().forEach(p -> everything.addAll(Terms.words(p.text())));
    List<Unsupported> flagged = new ArrayList<>();
    String text = answer.text();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text);
    for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      String sentence = text.substring(start, end);
      Set<String> words = Terms.of(CitationParser.withoutMarkers(sentence));
      if (words.size() < MIN_WORDS) {
        continue;
      }
      List<Integer> numbers = CitationParser.numbers(sentence);
      Set<String> source = new HashSet<>();
      for (int number : numbers) {
        source.addAll(cited.getOrDefault(number, Set.of()));
      }
      if (numbers.isEmpty()) {
        source = everything;
      }
      double support = support(words, source);
      if (support < minSupport) {
        flagged.add(new Unsupported(sentence.strip(), start, end, support, numbers));
      }
    }
    return flagged;
  }

  private static double support(Set<String> words, Set<String> source) {
    int found = 0;
    for (String word : words) {
      if (source.contains(word) || source.stream().anyMatch(other -> sameStem(word, other))) {
        found++;
      }
    }
    return (double) found / words.size();
  }

  private static boolean sameStem(String a, String b) {
    int shorter = Math.min(a.length(), b.length());
    if (shorter < 4) {
      return false;
    }
    int needed = Math.max(4, (int) Math.ceil(shorter * 0.75));
    return a.regionMatches(0, b, 0, needed);
  }

  @Override
  public String toString() {
    return "GroundingCheck[minSupport=" + minSupport + "]";
  }

  /**
   * A sentence the check flagged.
   *
   * @param sentence the sentence, as the answer has it (markers included), stripped
   * @param start where it starts in the answer's text
   * @param end where it ends in the answer's text
   * @param support the share of its content words the passages hold
   * @param cited the passage numbers it cites, as shown; empty when it cites none
   */
  public record Unsupported(String sentence, int start, int end, double support, List<Integer> cited) {
    public Unsupported {
      cited = List.copyOf(cited);
    }
  }
}
