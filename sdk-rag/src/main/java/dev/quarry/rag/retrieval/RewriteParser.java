package dev.quarry.rag.retrieval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rewritten queries out of a chat model's free-form reply. Models asked for "one per line, nothing else"
 * still number them, bullet them, quote them, bold them, add a preamble or a JSON array, repeat the question or
 * write more lines than asked; each of those is undone here. Stateless and thread-safe.
 */
final class RewriteParser {
  private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern MARKER =
      Pattern.compile("^(?:[-*•+>]\\s+|\\(?\\d{1,3}[.):]\\s+|\\(\\d{1,3}\\)\\s*|[a-z]\\)\\s+)");
  private static final Pattern LABEL =
      Pattern.compile(
          "^(?:query|question|rewrite|rewritten query|rephrasing|version|variant|alternative)\\s*\\d*\\s*"
              + "(?::|\\)|\\.(?=\\s))\\s*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PREAMBLE =
      Pattern.compile("^(?:sure|certainly|of course|okay|ok|here (?:are|is))\\b.*", Pattern.CASE_INSENSITIVE);
  private static final String[][] QUOTES = {
    {"\"", "\""}, {"'", "'"}, {"`", "`"}, {"“", "”"}, {"‘", "’"}, {"«", "»"}
  };

  private RewriteParser() {}

  /**
   * At most {@code max} distinct rewrites, in the reply's order, none equal to {@code original} or to each other
   * (ignoring case, spacing and closing punctuation); empty if the reply holds none.
   */
  static List<String> parse(String reply, String original, int max) {
    List<String> rewrites = new ArrayList<>();
    if (reply == null || reply.isBlank()) {
      return rewrites;
    }
    Set<String> seen = new HashSet<>();
    seen.add(key(original));
    for (String candidate : candidates(reply.strip())) {
      String text = clean(candidate);
      if (rewrites.size() < max && !text.isEmpty() && seen.add(key(text))) {
        rewrites.add(text);
      }
    }
    return rewrites;
  }

  /** The reply's lines, or the strings of a JSON array if the reply is one. */
  private static List<String> candidates(String reply) {
    if (reply.startsWith("[") && reply.endsWith("]")) {
      List<String> strings = new ArrayList<>();
      Matcher m = JSON_STRING.matcher(reply);
      while (m.find()) {
        strings.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      if (!strings.isEmpty()) {
        return strings;
      }
    }
    return reply.lines().toList();
  }

  /** The query on one line without its decorations; empty if the line is a preamble, heading or fence. */
  private static String clean(String line) {
    String text = line.strip();
    if (text.startsWith("```") || text.endsWith(":") || PREAMBLE.matcher(text).matches()) {
      return "";
    }
    text = MARKER.matcher(text).replaceFirst("");
    text = text.replace("**", "").replace("__", "").strip();
    text = LABEL.matcher(text).replaceFirst("");
    if (text.endsWith(",")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return unquote(text).strip();
  }

  private static String unquote(String text) {
    for (String[] pair : QUOTES) {
      if (text.length() >= 2 && text.startsWith(pair[0]) && text.endsWith(pair[1])) {
        return text.substring(pair[0].length(), text.length() - pair[1].length());
      }
    }
    return text;
  }

  /** What two queries must share to count as the same: lower case, single spaces, no closing punctuation. */
  private static String key(String query) {
    String collapsed = query.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return collapsed.replaceAll("[\\s?.!]+$", "");
  }
}
