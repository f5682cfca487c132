package dev.quarry.api.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocumentTest {

  @Test
  void ofGivesEmptyMetadata() {
    Document document = Document.of("a.md", "text");

    assertThat(document.metadata()).isEqualTo(Metadata.empty());
  }

  @Test
  void acceptsEmptyText() {
    assertThat(Document.of("a.md", "").text()).isEmpty();
  }

  @Test
  void rejectsBlankOrNullId() {
    assertThatThrownBy(() -> Document.of(" ", "text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document id must not be blank");
    assertThatThrownBy(() -> Document.of(null, "text"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document id must not be null");
  }

  @Test
  void rejectsNullTextAndMetadata() {
    assertThatThrownBy(() -> Document.of("a.md", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document text must not be null");
    assertThatThrownBy(() -> new Document("a.md", "text", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("document metadata must not be null");
  }
}
