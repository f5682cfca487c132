package dev.quarry.rag.display;

import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Locale;

/**
 * Search hits as a table to look at: HTML for notebooks (a Java kernel's {@code display("text/html", ...)}),
 * Markdown for consoles, logs and documents. One row per hit, in order: rank, score, the chunk's {@code source} (or
 * its document id) and the start of its text. Every value is escaped, since a chunk's text is whatever its document
 * held. Stateless and thread-safe.
 */
public final class HitTable {
  /** Characters of a chunk's text shown unless another length is asked for. */
  public static final int DEFAULT_TEXT_CHARS = 160;

  private HitTable() {}

  /** An HTML {@code <table>} of {@code hits}, texts cut at {@value #DEFAULT_TEXT_CHARS} characters. */
  public static String html(List<SearchHit> hits) {
    return html(hits, DEFAULT_TEXT_CHARS);
  }

  /**
   * An HTML {@code <table>} of {@code hits}, texts cut at {@code textChars} characters.
   *
   * @throws IllegalArgumentException if {@code hits} is or holds null, or {@code textChars < 1}
   */
  public static String html(List<SearchHit> hits, int textChars) {
    check(hits, textChars);
    StringBuilder html = new StringBuilder("<table>\n<thead><tr><th>#</th><th>score</th><th>source</th>"
        + "<th>text</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < hits.size(); i++) {
      SearchHit hit = hits.get(i);
      html.append("<tr><td>").append(i + 1).append("</td><td>").append(score(hit)).append("</td><td>")
          .append(escapeHtml(source(hit))).append("</td><td>").append(escapeHtml(excerpt(hit, textChars)))
          .append("</td></tr>\n");
    }
    return html.append("</tbody>\n</table>").toString();
  }

  /** A Markdown table of {@code hits}, texts cut at {@value #DEFAULT_TEXT_CHARS} characters. */
  public static String markdown(List<SearchHit> hits) {
    return markdown(hits, DEFAULT_TEXT_CHARS);
  }

  /**
   * A Markdown table of {@code hits}, texts cut at {@code textChars} characters and put on one line.
   *
   * @throws IllegalArgumentException if {@code hits} is or holds null, or {@code textChars < 1}
   */
  public static String markdown(List<SearchHit> hits, int textChars) {
    check(hits, textChars);
    StringBuilder markdown = new StringBuilder("| # | score | source | text |\n|---|---|---|---|\n");
    for (int i = 0; i < hits.size(); i++) {
      SearchHit hit = hits.get(i);
      markdown.append("| ").append(i + 1).append(" | ").append(score(hit)).append(" | ")
          .append(escapeMarkdown(source(hit))).append(" | ").append(escapeMarkdown(excerpt(hit, textChars)))
          .append(" |\n");
    }
    return markdown.toString();
  }

  private static void check(List<SearchHit> hits, int textChars) {
    if (hits == null || hits.stream().anyMatch(java.util.Objects::isNull)) { // List.of's contains(null) throws
      throw new IllegalArgumentException("hits must not be or hold null");
    }
    if (textChars < 1) {
      throw new IllegalArgumentException("textChars must be at least 1, was " + textChars);
    }
  }

  private static String score(SearchHit hit) {
    return String.format(Locale.ROOT, "%.4f", hit.score());
  }

  private static String source(SearchHit hit) {
    return hit.chunk().metadata().getString("source").orElse(hit.chunk().documentId());
  }

  /** The text on one line, cut at {@code chars} characters (never inside a surrogate pair) with an ellipsis. */
  private static String excerpt(SearchHit hit, int chars) {
    String text = hit.chunk().text().replaceAll("\\s+", " ").strip();
    if (text.length() <= chars) {
      return text;
    }
    int end = Character.isLowSurrogate(text.charAt(chars)) ? chars - 1 : chars;
    return text.substring(0, end) + "…";
  }

  private static String escapeHtml(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** Pipes and backslashes escaped, and HTML-significant characters too (Markdown renderers pass HTML through). */
  private static String escapeMarkdown(String text) {
    return escapeHtml(text.replace("\\", "\\\\").replace("|", "\\|"));
  }
}
