package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceMetadataTest {
  private final Metadata pages = Metadata.of(Map.of(SourceMetadata.PAGE_OFFSETS, List.of(0L, 10L, 25L)));

  @Test
  void findsThePageOfAnOffset() {
    assertThat(SourceMetadata.pageAt(pages, 0)).hasValue(1);
    assertThat(SourceMetadata.pageAt(pages, 9)).hasValue(1);
    assertThat(SourceMetadata.pageAt(pages, 10)).hasValue(2);
    assertThat(SourceMetadata.pageAt(pages, 24)).hasValue(2);
    assertThat(SourceMetadata.pageAt(pages, 25)).hasValue(3);
    assertThat(SourceMetadata.pageAt(pages, 1_000)).hasValue(3);
  }

  @Test
  void hasNoPageWithoutPageOffsets() {
    assertThat(SourceMetadata.pageAt(Metadata.empty(), 5)).isEmpty();
    assertThat(SourceMetadata.pageAt(Metadata.of(Map.of(SourceMetadata.PAGE_OFFSETS, "0")), 5)).isEmpty();
  }

  @Test
  void rejectsNegativeOffset() {
    assertThatThrownBy(() -> SourceMetadata.pageAt(pages, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0, was -1");
  }
}
