package dev.quarry.rag.pipeline;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a prompt template: its optional {@code [system]} section, its {@code [user]} section and their
 * {@code {{name}}} placeholders. A line holding only {@code [system]} or {@code [user]} starts a section; a text
 * with no such line is all user message. Each section is stripped of leading and trailing blank space.
 *
 * <p>Immutable and thread-safe.
 */
record TemplateText(String system, String user) {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");
  private static final Pattern MARKER = Pattern.compile("(?m)^[ \\t]*\\[(system|user)\\][ \\t]*\\r?$");

  /** Splits {@code text} into sections; {@code id} names the template in error messages. */
  static TemplateText parse(String text, String id) {
    Matcher marker = MARKER.matcher(text);
    if (!marker.find()) {
      return new TemplateText("", requireUser(text.strip(), id));
    }
    if (!text.substring(0, marker.start()).isBlank()) {
      throw new IllegalArgumentException(
          "prompt template " + id + " has text before its first [system] or [user] line");
    }
    String system = null;
    String user = null;
    while (true) {
      String section = marker.group(1);
      int from = marker.end();
      boolean more = marker.find();
      String body = text.substring(from, more ? marker.start() : text.length()).strip();
      if (section.equals("system")) {
        if (system != null) {
          throw new IllegalArgumentException("prompt template " + id + " has two [system] sections");
        }
        system = body;
      } else {
        if (user != null) {
          throw new IllegalArgumentException("prompt template " + id + " has two [user] sections");
        }
        user = body;
      }
      if (!more) {
        break;
      }
    }
    if (user == null) {
      throw new IllegalArgumentException("prompt template " + id + " has no [user] section");
    }
    return new TemplateText(system == null ? "" : system, requireUser(user, id));
  }

  private static String requireUser(String user, String id) {
    if (user.isEmpty()) {
      throw new IllegalArgumentException("prompt template " + id + " has an empty user message");
    }
    return user;
  }

  /** The names of all placeholders, in order of first appearance. */
  Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (String section : new String[] {system, user}) {
      Matcher m = PLACEHOLDER.matcher(section);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** {@code section} with every placeholder replaced by its value, in one pass: values are not scanned again. */
  static String fill(String section, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(section);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
