package dev.quarry.rag.splitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A seeded random Markdown document that remembers where its real sections and fenced code blocks are, so
 * tests can check header paths and code blocks without parsing Markdown themselves.
 */
final class RandomMarkdown {
  /** A header line's start, its level and the header path of its section, titles joined by {@code " > "}. */
  record Section(int start, int level, String path) {}

  /** A fenced code block from its opening fence to the end of its closing fence (line break excluded). */
  record Block(int start, int end) {}

  final StringBuilder text = new StringBuilder();
  final List<Section> sections = new ArrayList<>();
  final List<Block> blocks = new ArrayList<>();
  private final Deque<String[]> open = new ArrayDeque<>(); // {level, title}, innermost last
  private final Random random;

  private RandomMarkdown(Random random) {
    this.random = random;
  }

  static RandomMarkdown generate(Random random) {
    RandomMarkdown md = new RandomMarkdown(random);
    if (random.nextBoolean()) {
      md.body();
    }
    int sections = random.nextInt(12);
    for (int i = 0; i < sections; i++) {
      md.header();
      md.body();
    }
    if (random.nextInt(8) == 0) {
      md.codeBlock(false); // unclosed: runs to the end, and nothing after it is a header
    }
    return md;
  }

  /** The section holding {@code offset}, or null before the first header. */
  Section sectionAt(int offset) {
    Section found = null;
    for (Section section : sections) {
      if (section.start() <= offset) {
        found = section;
      }
    }
    return found;
  }

  private void header() {
    int level = 1 + random.nextInt(6);
    String title = RandomTexts.word(random, 1 + random.nextInt(8)) + " " + RandomTexts.word(random, 3);
    while (!open.isEmpty() && Integer.parseInt(open.peekLast()[0]) >= level) {
      open.removeLast();
    }
    open.addLast(new String[] {Integer.toString(level), title});
    sections.add(new Section(text.length(), level, String.join(" > ", open.stream().map(h -> h[1]).toList())));
    text.append(" ".repeat(random.nextInt(4))).append("#".repeat(level)).append(' ').append(title);
    if (random.nextInt(4) == 0) {
      text.append(" ").append("#".repeat(1 + random.nextInt(3))); // optional closing sequence
    }
    text.append(random.nextBoolean() ? "\n\n" : "\n");
  }

  private void body() {
    int parts = random.nextInt(6);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(5)) {
        case 0, 1 -> text.append(RandomTexts.english(random, 1 + random.nextInt(60)).strip()).append("\n\n");
        case 2 -> codeBlock(true);
        case 3 -> text.append(notAHeader()).append("\n\n");
        default -> text.append(RandomTexts.cjk(random, 1 + random.nextInt(80)).strip()).append("\n\n");
      }
    }
  }

  private void codeBlock(boolean closed) {
    char fenceChar = random.nextBoolean() ? '`' : '~';
    String fence = String.valueOf(fenceChar).repeat(3 + random.nextInt(3));
    char otherChar = fenceChar == '`' ? '~' : '`';
    int start = text.length();
    text.append(fence).append(random.nextBoolean() ? "python" : "").append('\n');
    int lines = random.nextInt(25);
    for (int i = 0; i < lines; i++) {
      switch (random.nextInt(6)) {
        case 0 -> text.append("#".repeat(1 + random.nextInt(6))).append(" comment ").append(random.nextInt(99));
        case 1 -> text.append(String.valueOf(otherChar).repeat(3)); // a fence of the other kind does not close
        case 2 -> text.append("");
        default -> text.append("    x = ").append(random.nextInt(1000)).append("  # note");
      }
      text.append('\n');
    }
    if (closed) {
      text.append(fence);
      blocks.add(new Block(start, text.length()));
      text.append("\n\n");
    } else {
      blocks.add(new Block(start, text.toString().stripTrailing().length()));
    }
  }

  private String notAHeader() {
    return switch (random.nextInt(3)) {
      case 0 -> "#hashtag and more words";
      case 1 -> "####### seven is too many";
      default -> "    # indented four spaces is code";
    };
  }
}
