package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Loads {@code .html} / {@code .htm} files as {@code text/html} with jsoup, keeping only what a reader sees:
 * scripts, styles, templates, forms' hidden parts and the head are dropped; block elements become paragraph
 * breaks, {@code <br>} and list items line breaks, {@code <pre>} keeps its whitespace (see {@code HtmlText}).
 *
 * <p>The charset comes from a byte order mark or a {@code <meta charset>}, else UTF-8. The title is the
 * {@code <title>}, else the first {@code <h1>}, else the file name.
 *
 * <p>Stateless and thread-safe.
 */
public final class HtmlLoader implements DocumentLoader {
  /** The content type this loader sets. */
  public static final String CONTENT_TYPE = "text/html";

  /** Extensions (lower case, no dot) that {@link #supports} accepts. */
  public static final Set<String> EXTENSIONS = Set.of("html", "htm", "xhtml");

  private static final String INVISIBLE =
      "script, style, noscript, template, svg, canvas, iframe, object, embed, input, select, [hidden]";
  private static final HtmlLoader INSTANCE = new HtmlLoader();

  private HtmlLoader() {}

  /** The HTML loader. */
  public static HtmlLoader create() {
    return INSTANCE;
  }

  @Override
  public boolean supports(Path file) {
    return EXTENSIONS.contains(FileSource.extension(file));
  }

  @Override
  public Document load(Path file) {
    FileSource source = FileSource.read(file);
    byte[] bytes = source.bytes();
    boolean utf16Bom = bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE || (bytes[0] & 0xFF) == 0xFF);
    int nul = utf16Bom ? -1 : TextDecoding.indexOfNul(bytes, 0);
    if (nul >= 0) {
      throw source.failure(FailureReason.BINARY, "looks binary (NUL byte at offset " + nul + ")");
    }
    org.jsoup.nodes.Document html;
    try {
      html = Jsoup.parse(new ByteArrayInputStream(bytes), null, source.path().toUri().toString());
    } catch (IOException | RuntimeException e) {
      throw new DocumentLoadException(source.name(), FailureReason.PARSE_ERROR, "is not parseable HTML: " + e, e);
    }
    String title = html.title();
    if (title.isBlank()) {
      Element h1 = html.selectFirst("h1");
      title = h1 == null ? null : h1.text();
    }
    Element body = html.body();
    body.select(INVISIBLE).remove();
    return source.toDocument(HtmlText.of(body), CONTENT_TYPE, title, Map.of());
  }

  @Override
  public String toString() {
    return "HtmlLoader";
  }
}
