package dev.quarry.guardrails;

/**
 * A run of digits and separators ({@code "+49 (30) 1234-567"}) cut into its digit groups, for the phone and card
 * validators. Groups are indexed from 0; the separator before group {@code i} is the text between groups
 * {@code i - 1} and {@code i}. Not thread-safe; made and dropped per candidate.
 */
final class DigitGroups {
  /** More groups than this are ignored: no phone or card number has that many. */
  static final int MAX_GROUPS = 12;

  private final String text;
  private final int[] starts = new int[MAX_GROUPS];
  private final int[] ends = new int[MAX_GROUPS];
  private int count;

  /** Cuts {@code [start, end)} of {@code text} into groups of ASCII digits. */
  DigitGroups(String text, int start, int end) {
    this.text = text;
    int i = start;
    while (i < end && count < MAX_GROUPS) {
      while (i < end && !isDigit(text.charAt(i))) {
        i++;
      }
      if (i == end) {
        break;
      }
      starts[count] = i;
      while (i < end && isDigit(text.charAt(i))) {
        i++;
      }
      ends[count++] = i;
    }
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  int count() {
    return count;
  }

  int start(int group) {
    return starts[group];
  }

  int end(int group) {
    return ends[group];
  }

  int length(int group) {
    return ends[group] - starts[group];
  }

  char firstDigit(int group) {
    return text.charAt(starts[group]);
  }

  /** The separator before {@code group} (empty for group 0 if it starts the run). */
  String separatorBefore(int group) {
    return group == 0 ? "" : text.substring(ends[group - 1], starts[group]);
  }

  /** The number of digits in groups {@code [from, to)}. */
  int digits(int from, int to) {
    int sum = 0;
    for (int g = from; g < to; g++) {
      sum += length(g);
    }
    return sum;
  }

  /** The digits of groups {@code [from, to)}, without separators. */
  String digitString(int from, int to) {
    StringBuilder sb = new StringBuilder(32);
    for (int g = from; g < to; g++) {
      sb.append(text, starts[g], ends[g]);
    }
    return sb.toString();
  }

  /**
   * Whether a number may end at {@code end}: not followed by a letter or digit, nor by {@code '.'}, {@code ','},
   * {@code '-'} or {@code '/'} and a digit (a longer number, a decimal), nor by {@code '%'}.
   */
  static boolean endsCleanly(String text, int end) {
    if (end >= text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (Character.isLetterOrDigit(c) || c == '%' || c == '_') {
      return false;
    }
    boolean joiner = c == '.' || c == ',' || c == '-' || c == '/';
    return !(joiner && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
  }

  /** Whether a number may start at {@code start}: after nothing, or after a space or an opening bracket. */
  static boolean startsCleanly(String text, int start) {
    if (start == 0) {
      return true;
    }
    char c = text.charAt(start - 1);
    return Character.isWhitespace(c) || c == '(' || c == '[' || c == ':' || c == ';' || c == '"' || c == '\''
        || c == '<' || c == '=';
  }
}
