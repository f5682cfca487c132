package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlLoaderTest {
  @TempDir Path dir;

  private final HtmlLoader loader = HtmlLoader.create();

  @Test
  void extractsVisibleTextWithParagraphsAndTitle() throws IOException {
    Path file =
        write(
            "page.html",
            """
            <!doctype html>
            <html><head><title> Quarry &amp; Friends </title>
              <style>body { color: red; }</style>
              <script>var secret = "do not index";</script>
            </head>
            <body>
              <h1>Welcome</h1>
              <p>First   paragraph
                 spans lines.</p>
              <p>Second with <b>bold</b> and <a href="#">a link</a>.<br>After a break.</p>
              <script>alert("nope")</script>
              <ul><li>one</li><li>two</li></ul>
              <noscript>enable js</noscript>
            </body></html>
            """);

    Document document = loader.load(file);

    assertThat(document.text())
        .isEqualTo(
            "Welcome\n\nFirst paragraph spans lines.\n\nSecond with bold and a link.\nAfter a break.\n\none\ntwo");
    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("Quarry & Friends");
    assertThat(document.metadata().getString(SourceMetadata.CONTENT_TYPE)).contains("text/html");
  }

  @Test
  void keepsPreformattedWhitespace() throws IOException {
    Path file = write("code.htm", "<body><p>Code:</p><pre>if (x) {\n    run();\n}</pre><p>Done.</p></body>");

    assertThat(loader.load(file).text()).isEqualTo("Code:\n\nif (x) {\n    run();\n}\n\nDone.");
  }

  @Test
  void usesFirstH1WhenTitleIsMissing() throws IOException {
    Path file = write("notitle.html", "<body><div><h1>Heading  One</h1><p>text</p></div></body>");

    assertThat(loader.load(file).metadata().getString(SourceMetadata.TITLE)).contains("Heading One");
  }

  @Test
  void honoursMetaCharset() throws IOException {
    Path file = dir.resolve("latin1.html");
    Files.write(
        file,
        "<html><head><meta charset=\"ISO-8859-1\"></head><body><p>café crème</p></body></html>"
            .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(loader.load(file).text()).isEqualTo("café crème");
  }

  @Test
  void keepsCjkText() throws IOException {
    Path file = write("cjk.html", "<html><head><title>検索</title></head><body><p>日本語の段落。</p><p>中文段落。</p></body></html>");

    Document document = loader.load(file);

    assertThat(document.text()).isEqualTo("日本語の段落。\n\n中文段落。");
    assertThat(document.metadata().getString(SourceMetadata.TITLE)).contains("検索");
  }

  @Test
  void rejectsPageWithoutVisibleText() throws IOException {
    Path file = write("scripts.html", "<html><head><title>Only scripts</title></head><body><script>x()</script></body></html>");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("scripts.html: has no text")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.EMPTY));
  }

  @Test
  void rejectsBinaryContent() throws IOException {
    Path file = dir.resolve("fake.html");
    Files.write(file, new byte[] {'<', 'p', '>', 0, 0, 7});

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("looks binary (NUL byte at offset 3)");
  }

  @Test
  void supportsHtmlExtensions() {
    assertThat(loader.supports(Path.of("a.html"))).isTrue();
    assertThat(loader.supports(Path.of("a.HTM"))).isTrue();
    assertThat(loader.supports(Path.of("a.md"))).isFalse();
  }

  private Path write(String name, String html) throws IOException {
    return Files.writeString(dir.resolve(name), html);
  }
}
