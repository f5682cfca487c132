package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobsTest {
  private static Globs globs(String... patterns) {
    return Globs.compile(List.of(patterns), FileSystems.getDefault());
  }

  @Test
  void doubleStarSlashAlsoMatchesFilesAtTheTop() {
    Globs markdown = globs("**/*.md");

    assertThat(markdown.matches(Path.of("README.md"))).isTrue();
    assertThat(markdown.matches(Path.of("docs/guide.md"))).isTrue();
    assertThat(markdown.matches(Path.of("a/b/c/deep.md"))).isTrue();
    assertThat(markdown.matches(Path.of("README.txt"))).isFalse();
  }

  @Test
  void doubleStarSlashInTheMiddleMatchesNoFolder() {
    Globs docs = globs("docs/**/*.md");

    assertThat(docs.matches(Path.of("docs/a.md"))).isTrue();
    assertThat(docs.matches(Path.of("docs/x/y/a.md"))).isTrue();
    assertThat(docs.matches(Path.of("other/a.md"))).isFalse();
    assertThat(docs.matches(Path.of("a.md"))).isFalse();
  }

  @Test
  void expandsEveryDoubleStarSlash() {
    assertThat(Globs.variants("**/a/**/*.md"))
        .containsExactlyInAnyOrder("**/a/**/*.md", "a/**/*.md", "**/a/*.md", "a/*.md");
    assertThat(Globs.variants("x**/y")).containsExactly("x**/y");
  }

  @Test
  void subtreeGlobMatchesTheFolderItself() {
    Globs exclude = globs("**/node_modules/**");

    assertThat(exclude.matchesSubtree(Path.of("node_modules"))).isTrue();
    assertThat(exclude.matchesSubtree(Path.of("web/node_modules"))).isTrue();
    assertThat(exclude.matchesSubtree(Path.of("web"))).isFalse();
    assertThat(exclude.matches(Path.of("web/node_modules/pkg/README.md"))).isTrue();
    assertThat(globs("**/*.md").matchesSubtree(Path.of("docs"))).isFalse();
  }

  @Test
  void rejectsInvalidGlobsWithThePattern() {
    assertThatThrownBy(() -> globs("docs/[unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("glob 'docs/[unclosed' is not valid");
    assertThatThrownBy(() -> globs("/abs/*.md"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> globs(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null or blank");
  }
}
