package dev.quarry.rag.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitTableTest {
  private static SearchHit hit(String id, String text, double score, Map<String, ?> metadata) {
    return new SearchHit(new Chunk(id + "#0", id, text, Metadata.of(metadata), 0, text.length()), score);
  }

  private static final List<SearchHit> HITS = List.of(
      hit("a.md", "Sourdough rises\nwith wild yeast.", 0.91234, Map.of("source", "docs/a.md")),
      hit("b.md", "<script>alert('x')</script> | pipes & \"quotes\"", 0.5, Map.of()));

  @Test
  void htmlHasOneEscapedRowPerHitInOrder() {
    String html = HitTable.html(HITS);
    assertThat(html).startsWith("<table>").endsWith("</table>")
        .contains("<tr><td>1</td><td>0.9123</td><td>docs/a.md</td><td>Sourdough rises with wild yeast.</td></tr>")
        .contains("<td>b.md</td>") // no source: the document id
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; | pipes &amp; &quot;quotes&quot;")
        .doesNotContain("<script>");
    assertThat(html.indexOf("docs/a.md")).isLessThan(html.indexOf("b.md"));
  }

  @Test
  void markdownEscapesPipesAndHtmlAndKeepsEachRowOnOneLine() {
    String markdown = HitTable.markdown(HITS);
    assertThat(markdown.lines()).hasSize(4);
    assertThat(markdown).contains("| 1 | 0.9123 | docs/a.md | Sourdough rises with wild yeast. |")
        .contains("\\| pipes &amp;").doesNotContain("<script>");
  }

  @Test
  void longTextsAreCutWithoutSplittingACharacter() {
    String emoji = "\ud83d\ude00".repeat(100);
    SearchHit long_ = hit("c.md", emoji, 0.1, Map.of());
    String html = HitTable.html(List.of(long_), 5);
    String cell = html.substring(html.lastIndexOf("<td>") + 4, html.lastIndexOf("</td>"));
    assertThat(cell).endsWith("…");
    assertThat(cell.codePoints().allMatch(c -> c == 0x1F600 || c == '…')).isTrue();
    assertThat(HitTable.markdown(List.of())).isEqualTo("| # | score | source | text |\n|---|---|---|---|\n");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> HitTable.html(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HitTable.html(Arrays.asList((SearchHit) null))).hasMessageContaining("null");
    assertThatThrownBy(() -> HitTable.markdown(HITS, 0)).hasMessage("textChars must be at least 1, was 0");
  }
}
