package dev.quarry.rag.splitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sections and fenced code blocks of a Markdown text, found line by line. Immutable and thread-safe.
 *
 * <p>Rules, a subset of CommonMark: a fence is a line of at least three {@code `} or {@code ~} indented at
 * most three spaces (a backtick fence's info string holds no backtick); it closes at a line of at least as
 * many of the same char and nothing else, or at the end of the text. An ATX header is a line outside fences
 * of one to six {@code #}, indented at most three spaces, followed by a space, a tab or the line end; its title
 * drops an optional closing run of {@code #}. A section runs from its header line to the next header of any
 * level; text before the first header is a section with an empty path, at level 0.
 *
 * @param sections the sections, in order, covering the text
 * @param codeBlocks the fenced code blocks, each from its opening fence line to its closing one inclusive
 */
record MarkdownOutline(List<Section> sections, List<Span> codeBlocks) {

  /**
   * A header's section.
   *
   * @param start first char of the header line (or 0 for text before the first header)
   * @param headerEnd one past the header line, its line break included ({@code start} if no header)
   * @param end one past the section's own last char, where the next header starts
   * @param subtreeEnd one past the last char of the section and its subsections, where the next header of
   *     the same or a higher level (fewer {@code #}) starts
   * @param path the titles of the enclosing headers, outermost first, ending with this section's own
   */
  record Section(int start, int headerEnd, int end, int subtreeEnd, List<String> path) {}

  /** The outline of {@code text}. */
  static MarkdownOutline parse(String text) {
    List<int[]> found = new ArrayList<>(); // {start, headerEnd, level} of each section
    List<List<String>> paths = new ArrayList<>();
    List<Span> codeBlocks = new ArrayList<>();
    Deque<Header> open = new ArrayDeque<>(); // innermost last
    if (!text.isEmpty()) {
      found.add(new int[] {0, 0, 0});
      paths.add(List.of());
    }
    String fence = null; // the opening fence run while inside a code block
    int fenceStart = 0;
    for (int lineStart = 0; lineStart < text.length(); ) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? text.length() : newline + 1;
      String line = text.substring(lineStart, lineEnd).stripTrailing();
      Header header;
      if (fence != null) {
        if (closesFence(line, fence)) {
          codeBlocks.add(new Span(fenceStart, lineEnd));
          fence = null;
        }
      } else if ((fence = openingFence(line)) != null) {
        fenceStart = lineStart;
      } else if ((header = header(line)) != null) {
        while (!open.isEmpty() && open.peekLast().level() >= header.level()) {
          open.removeLast();
        }
        open.addLast(header);
        if (lineStart == 0) { // no text before the first header
          found.clear();
          paths.clear();
        }
        found.add(new int[] {lineStart, lineEnd, header.level()});
        paths.add(open.stream().map(Header::title).toList());
      }
      lineStart = lineEnd;
    }
    if (fence != null) {
      codeBlocks.add(new Span(fenceStart, text.length()));
    }
    return new MarkdownOutline(sections(found, paths, text.length()), List.copyOf(codeBlocks));
  }

  /** Sections from their starts, header ends and levels; a section's subtree ends at the next of level <= its. */
  private static List<Section> sections(List<int[]> found, List<List<String>> paths, int textEnd) {
    int[] subtreeEnds = new int[found.size()];
    Deque<Integer> open = new ArrayDeque<>(); // indices of sections whose subtree is still open
    for (int i = 0; i < found.size(); i++) {
      while (!open.isEmpty() && found.get(open.peekLast())[2] >= found.get(i)[2]) {
        subtreeEnds[open.removeLast()] = found.get(i)[0];
      }
      open.addLast(i);
    }
    open.forEach(i -> subtreeEnds[i] = textEnd);
    List<Section> sections = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      int end = i + 1 < found.size() ? found.get(i + 1)[0] : textEnd;
      sections.add(new Section(found.get(i)[0], found.get(i)[1], end, subtreeEnds[i], paths.get(i)));
    }
    return List.copyOf(sections);
  }

  private record Header(int level, String title) {}

  /** The run of fence chars opening a code block on {@code line}, or null. */
  private static String openingFence(String line) {
    String body = unindent(line);
    if (body == null || body.length() < 3 || (body.charAt(0) != '`' && body.charAt(0) != '~')) {
      return null;
    }
    char c = body.charAt(0);
    int run = 0;
    while (run < body.length() && body.charAt(run) == c) {
      run++;
    }
    if (run < 3 || (c == '`' && body.indexOf('`', run) >= 0)) {
      return null;
    }
    return body.substring(0, run);
  }

  private static boolean closesFence(String line, String fence) {
    String body = unindent(line);
    if (body == null || body.length() < fence.length()) {
      return false;
    }
    char c = fence.charAt(0);
    for (int i = 0; i < body.length(); i++) {
      if (body.charAt(i) != c) {
        return false;
      }
    }
    return true;
  }

  private static Header header(String line) {
    String body = unindent(line);
    if (body == null) {
      return null;
    }
    int level = 0;
    while (level < body.length() && body.charAt(level) == '#') {
      level++;
    }
    if (level < 1 || level > 6 || (level < body.length() && body.charAt(level) != ' ' && body.charAt(level) != '\t')) {
      return null;
    }
    String title = body.substring(level).strip();
    int closing = title.length();
    while (closing > 0 && title.charAt(closing - 1) == '#') {
      closing--;
    }
    if (closing == 0 || title.charAt(closing - 1) == ' ' || title.charAt(closing - 1) == '\t') {
      title = title.substring(0, closing).strip();
    }
    return new Header(level, title);
  }

  /** {@code line} without up to three leading spaces, or null if it is indented more (a code line). */
  private static String unindent(String line) {
    int spaces = 0;
    while (spaces < line.length() && line.charAt(spaces) == ' ') {
      spaces++;
    }
    return spaces > 3 ? null : line.substring(spaces);
  }
}
