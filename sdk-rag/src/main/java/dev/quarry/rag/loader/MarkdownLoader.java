package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code .md} / {@code .markdown} files as {@code text/markdown}, keeping the Markdown source unchanged
 * (apart from decoding as {@link TextLoader} does) so that header-aware splitters can see the structure.
 *
 * <p>The title is, in order: a {@code title:} line in YAML front matter, the first level-1 header ({@code #
 * Title} or a line underlined with {@code ===}) outside fenced code blocks, else the file name.
 *
 * <p>Stateless and thread-safe.
 */
public final class MarkdownLoader implements DocumentLoader {
  /** The content type this loader sets. */
  public static final String CONTENT_TYPE = "text/markdown";

  /** Extensions (lower case, no dot) that {@link #supports} accepts. */
  public static final Set<String> EXTENSIONS = Set.of("md", "markdown", "mdown", "mkd");

  private static final MarkdownLoader INSTANCE = new MarkdownLoader();
  private static final Pattern FRONT_MATTER_TITLE =
      Pattern.compile("^title:\\s*[\"']?(.*?)[\"']?\\s*$", Pattern.MULTILINE);
  private static final Pattern ATX_H1 = Pattern.compile("^ {0,3}#[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern SETEXT_H1_UNDERLINE = Pattern.compile("^ {0,3}=+[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

  private MarkdownLoader() {}

  /** The Markdown loader. */
  public static MarkdownLoader create() {
    return INSTANCE;
  }

  @Override
  public boolean supports(Path file) {
    return EXTENSIONS.contains(FileSource.extension(file));
  }

  @Override
  public Document load(Path file) {
    FileSource source = FileSource.read(file);
    String text = TextDecoding.decode(source);
    return source.toDocument(text, CONTENT_TYPE, title(text), Map.of());
  }

  /** The document's title per the class comment, or null. */
  static String title(String markdown) {
    String[] lines = markdown.split("\n", -1);
    int first = 0;
    if (lines.length > 0 && lines[0].strip().equals("---")) {
      int end = 1;
      while (end < lines.length && !lines[end].strip().equals("---")) {
        end++;
      }
      if (end < lines.length) {
        Matcher m = FRONT_MATTER_TITLE.matcher(String.join("\n", Arrays.copyOfRange(lines, 1, end)));
        if (m.find() && !m.group(1).isBlank()) {
          return m.group(1);
        }
        first = end + 1;
      }
    }
    boolean inFence = false;
    for (int i = first; i < lines.length; i++) {
      String line = lines[i];
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher atx = ATX_H1.matcher(line);
      if (atx.matches()) {
        return atx.group(1);
      }
      if (!line.isBlank() && i + 1 < lines.length && SETEXT_H1_UNDERLINE.matcher(lines[i + 1]).matches()) {
        return line.strip();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "MarkdownLoader";
  }
}
