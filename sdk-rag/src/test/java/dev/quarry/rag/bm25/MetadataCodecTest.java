package dev.quarry.rag.bm25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {

  @Test
  void everyKindOfValueComesBackEqualAndOfTheSameType() {
    Metadata metadata = Metadata.of(Map.of(
        "string", "h\u00e9llo \uD83D\uDE00",
        "lone", "x\uD800y",
        "long", Long.MIN_VALUE,
        "double", -0.0,
        "infinite", Double.POSITIVE_INFINITY,
        "yes", true,
        "no", false,
        "list", List.of("a", 1L, 2.5, false),
        "empty", List.of()));

    Metadata decoded = MetadataCodec.decode(new BytesRef(MetadataCodec.encode(metadata)));

    assertThat(decoded).isEqualTo(metadata);
    assertThat(decoded.get("double")).contains(-0.0);
    assertThat(decoded.get("list").orElseThrow()).isEqualTo(List.of("a", 1L, 2.5, false));
    assertThat(MetadataCodec.decode(new BytesRef(MetadataCodec.encode(Metadata.empty())))).isEqualTo(Metadata.empty());
  }

  @Test
  void bytesThatAreNotAnEncodingAreRefused() {
    byte[] bytes = MetadataCodec.encode(Metadata.of(Map.of("k", 1L)));
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    byte[] badTag = bytes.clone();
    badTag[1 + 1 + 2] = 99; // count, key length, key char, then the tag

    assertThatThrownBy(() -> MetadataCodec.decode(new BytesRef(longer))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its last entry");
    assertThatThrownBy(() -> MetadataCodec.decode(new BytesRef(badTag))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown value tag 99");
  }
}
