package dev.quarry.rag.splitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownOutlineTest {

  @Test
  void readsAtxHeadersAndTheirPaths() {
    String text =
        """
        preamble
        # A #
          ## B
        #hashtag
        ####### seven
            # indented code
        ### C ###
        ## D
        # E
        """;
    MarkdownOutline outline = MarkdownOutline.parse(text);
    assertThat(outline.sections())
        .extracting(MarkdownOutline.Section::path)
        .containsExactly(
            List.of(), List.of("A"), List.of("A", "B"), List.of("A", "B", "C"), List.of("A", "D"), List.of("E"));
    assertThat(outline.sections().get(2).start()).isEqualTo(text.indexOf("  ## B"));
    assertThat(outline.sections().get(2).headerEnd()).isEqualTo(text.indexOf("#hashtag"));
    assertThat(outline.sections().getLast().end()).isEqualTo(text.length());
    int d = text.indexOf("## D");
    int e = text.indexOf("# E");
    assertThat(outline.sections())
        .extracting(MarkdownOutline.Section::subtreeEnd)
        .containsExactly(text.length(), e, d, d, e, text.length());
  }

  @Test
  void keepsTitlesThatOnlyLookLikeClosingSequences() {
    MarkdownOutline outline = MarkdownOutline.parse("# C#\n## ###\n### Title ## \n");
    assertThat(outline.sections())
        .extracting(MarkdownOutline.Section::path)
        .containsExactly(List.of("C#"), List.of("C#", ""), List.of("C#", "", "Title"));
  }

  @Test
  void ignoresHeadersInsideFencedCodeBlocks() {
    String text =
        """
        # Top
        ```python
        # comment
        ~~~
        ```
        ~~~~
        ## inside tildes
        ```
        ~~~
        still inside
        ~~~~~
        ## After
        ````
        # unclosed
        """;
    MarkdownOutline outline = MarkdownOutline.parse(text);
    assertThat(outline.sections())
        .extracting(MarkdownOutline.Section::path)
        .containsExactly(List.of("Top"), List.of("Top", "After"));
    assertThat(outline.codeBlocks())
        .containsExactly(
            new Span(text.indexOf("```python"), text.indexOf("~~~~\n")),
            new Span(text.indexOf("~~~~\n"), text.indexOf("## After")),
            new Span(text.indexOf("````"), text.length()));
  }

  @Test
  void emptyTextHasNoSections() {
    assertThat(MarkdownOutline.parse("").sections()).isEmpty();
  }
}
