package dev.quarry.rag.loader;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Renders an HTML element as readable plain text: runs of whitespace collapse to one space, block elements are
 * separated by a blank line, {@code <br>}, list items and table rows start a new line, and {@code <pre>} keeps
 * its text as written. Jsoup's own {@code text()} puts everything on one line, which loses the paragraph
 * boundaries splitters rely on. One instance renders one element on one thread.
 */
final class HtmlText implements NodeVisitor {
  private static final Set<String> BLOCKS =
      Set.of(
          "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
          "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
          "header", "hr", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul");
  private static final Set<String> LINES = Set.of("li", "tr");
  private static final Set<String> CELLS = Set.of("td", "th");

  private final StringBuilder out = new StringBuilder();
  /** Newlines owed before the next text: 0, 1 (line) or 2 (paragraph). */
  private int pendingBreaks;
  private boolean pendingSpace;
  private int preDepth;

  private HtmlText() {}

  /** The text of {@code root}. */
  static String of(Element root) {
    HtmlText visitor = new HtmlText();
    root.traverse(visitor);
    return visitor.out.toString();
  }

  @Override
  public void head(Node node, int depth) {
    if (node instanceof TextNode text) {
      if (preDepth > 0) {
        appendRaw(text.getWholeText());
      } else {
        appendCollapsed(text.getWholeText());
      }
    } else if (node instanceof Element element) {
      String tag = element.normalName();
      if (tag.equals("pre")) {
        preDepth++;
      }
      if (BLOCKS.contains(tag)) {
        breakAtLeast(2);
      } else if (tag.equals("br")) {
        // Breaks add up, so <br><br> makes a paragraph break; implied breaks do not.
        pendingBreaks = Math.min(2, pendingBreaks + 1);
      } else if (LINES.contains(tag)) {
        breakAtLeast(1);
      } else if (CELLS.contains(tag) && element.elementSiblingIndex() > 0) {
        pendingSpace = true;
      }
    }
  }

  @Override
  public void tail(Node node, int depth) {
    if (node instanceof Element element) {
      String tag = element.normalName();
      if (tag.equals("pre")) {
        preDepth--;
      }
      if (BLOCKS.contains(tag)) {
        breakAtLeast(2);
      } else if (LINES.contains(tag)) {
        breakAtLeast(1);
      }
    }
  }

  private void breakAtLeast(int newlines) {
    pendingBreaks = Math.max(pendingBreaks, newlines);
  }

  private void appendCollapsed(String text) {
    if (text.isEmpty()) {
      return;
    }
    text = text.replace('\u00A0', ' ');
    boolean leadingSpace = isSpace(text.charAt(0));
    boolean trailingSpace = isSpace(text.charAt(text.length() - 1));
    String core = text.strip().replaceAll("\\s+", " ");
    if (core.isEmpty()) {
      pendingSpace = true;
      return;
    }
    flushSeparator(leadingSpace);
    out.append(core);
    pendingSpace = trailingSpace;
  }

  private void appendRaw(String text) {
    if (text.isEmpty()) {
      return;
    }
    flushSeparator(false);
    out.append(text);
    pendingSpace = false;
  }

  private void flushSeparator(boolean leadingSpace) {
    if (!out.isEmpty()) {
      if (pendingBreaks > 0) {
        // Strip trailing spaces before a break so lines end cleanly.
        while (!out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
          out.setLength(out.length() - 1);
        }
        out.append("\n".repeat(pendingBreaks));
      } else if ((pendingSpace || leadingSpace) && !isSpace(out.charAt(out.length() - 1))) {
        out.append(' ');
      }
    }
    pendingBreaks = 0;
    pendingSpace = false;
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c);
  }
}
