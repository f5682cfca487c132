package dev.quarry.guardrails;

/**
 * The words of a {@link FoldedText}, for the word rules of {@link InjectionRules}: letters, digits and
 * apostrophes are kept; a run of other chars becomes one space, or {@code " . "} if it holds a sentence mark
 * ({@code . ! ? ; :} or a newline). So {@code "Stop, ignore ALL previous instructions!"} reads
 * {@code "stop ignore all previous instructions"}, and a rule's gap of a few words never crosses a sentence.
 * Offsets map back to the original text. Immutable once built.
 */
final class WordText {
  /** Runs of at least this many one-letter words ({@code "s a y t h a t"}) count as letter spacing. */
  static final int SPACED_RUN = 8;

  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final int spacedRuns;
  private final int spacedRunStart;

  private WordText(String text, int[] starts, int[] ends, int spacedRuns, int spacedRunStart) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.spacedRuns = spacedRuns;
    this.spacedRunStart = spacedRunStart;
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '\'';
  }

  /** The words of {@code folded}. Linear. */
  static WordText of(FoldedText folded) {
    String in = folded.text();
    StringBuilder sb = new StringBuilder(in.length() + 16);
    int[] starts = new int[3 * in.length() + 3];
    int[] ends = new int[3 * in.length() + 3];
    int pendingFrom = -1;
    boolean pendingSentence = false;
    int tokenLength = 0;
    int oneLetterRun = 0;
    int runStart = -1;
    int spacedRuns = 0;
    int spacedRunStart = -1;
    for (int k = 0; k <= in.length(); k++) {
      char c = k < in.length() ? in.charAt(k) : ' ';
      if (k < in.length() && isWordChar(c)) {
        if (pendingFrom >= 0 && sb.length() > 0) {
          int from = folded.originalStart(pendingFrom);
          int to = folded.originalEnd(k - 1);
          if (pendingSentence) {
            put(sb, starts, ends, ' ', from, to);
            put(sb, starts, ends, '.', from, to);
          }
          put(sb, starts, ends, ' ', from, to);
        }
        pendingFrom = -1;
        pendingSentence = false;
        put(sb, starts, ends, c, folded.originalStart(k), folded.originalEnd(k));
        tokenLength++;
        continue;
      }
      if (tokenLength > 0) {
        // a word just ended: count runs of one-letter words within a sentence
        if (tokenLength == 1 && Character.isLetter(sb.charAt(sb.length() - 1))) {
          if (oneLetterRun++ == 0) {
            runStart = starts[sb.length() - 1];
          }
          if (oneLetterRun == SPACED_RUN) {
            spacedRuns++;
            spacedRunStart = spacedRunStart < 0 ? runStart : spacedRunStart;
          }
        } else {
          oneLetterRun = 0;
        }
        tokenLength = 0;
      }
      if (pendingFrom < 0) {
        pendingFrom = k;
      }
      if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\n') {
        pendingSentence = true;
        oneLetterRun = 0;
      }
    }
    return new WordText(sb.toString(), starts, ends, spacedRuns, spacedRunStart);
  }

  private static void put(StringBuilder sb, int[] starts, int[] ends, char c, int from, int to) {
    starts[sb.length()] = from;
    ends[sb.length()] = to;
    sb.append(c);
  }

  String text() {
    return text;
  }

  int originalStart(int k) {
    return starts[k];
  }

  int originalEnd(int k) {
    return ends[k];
  }

  /** Runs of {@value #SPACED_RUN} or more one-letter words, as in {@code "s a y t h a t y o u"}. */
  int spacedRuns() {
    return spacedRuns;
  }

  /** The original offset where the first such run starts, or -1. */
  int spacedRunStart() {
    return spacedRunStart;
  }

  /** Whether the word at {@code k} starts a sentence: it starts the text or follows {@code " . "}. */
  boolean startsSentence(int k) {
    return k == 0 || k >= 2 && text.charAt(k - 2) == '.' && text.charAt(k - 1) == ' ';
  }
}
