package dev.quarry.agents.sql;

/**
 * Takes the SQL out of a model's reply: the first fenced code block if there is one ({@code ```sql ... ```},
 * an unclosed fence runs to the end), otherwise the whole text; surrounding whitespace and trailing
 * semicolons are removed. It only trims: whatever it returns still goes through {@link SqlGuard}. Stateless.
 */
final class SqlExtractor {

  private static final String FENCE = "```";

  private SqlExtractor() {
  }

  static String extract(String reply) {
    String text = reply == null ? "" : reply.strip();
    int open = text.indexOf(FENCE);
    if (open >= 0) {
      int start = open + FENCE.length();
      int close = text.indexOf(FENCE, start);
      text = withoutLanguageTag(text.substring(start, close < 0 ? text.length() : close)).strip();
    }
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).stripTrailing();
    }
    return text;
  }

  private static String withoutLanguageTag(String body) {
    int newline = body.indexOf('\n');
    String firstLine = newline < 0 ? body : body.substring(0, newline);
    if (newline >= 0 && firstLine.strip().matches("[A-Za-z0-9_+-]*")) {
      return body.substring(newline + 1);
    }
    String lead = body.stripLeading();
    if (lead.length() > 3 && lead.regionMatches(true, 0, "sql", 0, 3)
        && Character.isWhitespace(lead.charAt(3))) {
      return lead.substring(3);
    }
    return body;
  }
}
