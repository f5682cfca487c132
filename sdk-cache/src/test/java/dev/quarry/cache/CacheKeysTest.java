package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
  @Test
  void theSameInputsGiveTheSameKey() {
    assertThat(new CacheKeys("m").key(TextKind.DOCUMENT, "text"))
        .isEqualTo(new CacheKeys("m").key(TextKind.DOCUMENT, "text"));
  }

  @Test
  void identityAndTextCannotCollideByConcatenation() {
    assertThat(new CacheKeys("ab").key(TextKind.DOCUMENT, "c"))
        .isNotEqualTo(new CacheKeys("a").key(TextKind.DOCUMENT, "bc"));
  }

  @Test
  void kindsAndIdentitiesAreKeyedApart() {
    CacheKeys keys = new CacheKeys("m");
    assertThat(keys.key(TextKind.DOCUMENT, "t")).isNotEqualTo(keys.key(TextKind.QUERY, "t"));
    assertThat(keys.key(TextKind.DOCUMENT, "t")).isNotEqualTo(new CacheKeys("n").key(TextKind.DOCUMENT, "t"));
  }

  @Test
  void anUnpairedSurrogateDoesNotCollideWithTheQuestionMarkUtf8WouldPutInItsPlace() {
    CacheKeys keys = new CacheKeys("m");
    assertThat("a\uD800".getBytes(StandardCharsets.UTF_8)).isEqualTo("a?".getBytes(StandardCharsets.UTF_8));
    assertThat(keys.key(TextKind.DOCUMENT, "a\uD800")).isNotEqualTo(keys.key(TextKind.DOCUMENT, "a?"));
    assertThat(keys.key(TextKind.DOCUMENT, "a\uDC00")).isNotEqualTo(keys.key(TextKind.DOCUMENT, "a\uD800"));
    assertThat(CacheKeys.encodableAsUtf8("emoji \uD83D\uDE00 ok")).isTrue();
    assertThat(CacheKeys.encodableAsUtf8("low first \uDE00\uD83D")).isFalse();
    assertThat(CacheKeys.encodableAsUtf8("high at end \uD83D")).isFalse();
  }

  @Test
  void theKeyIsTheSha256OfTheDocumentedFraming() throws Exception {
    byte[] identity = "bge".getBytes(StandardCharsets.UTF_8);
    byte[] text = "héllo".getBytes(StandardCharsets.UTF_8);
    ByteBuffer framing = ByteBuffer.allocate(4 + identity.length + 2 + 4 + text.length)
        .putInt(identity.length).put(identity).put((byte) 'Q').put((byte) 0).putInt(text.length).put(text);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(framing.array());

    CacheKey key = new CacheKeys("bge").key(TextKind.QUERY, "héllo");
    assertThat(key).isEqualTo(CacheKey.of(digest));
    assertThat(key.toString()).hasSize(64).isEqualTo(java.util.HexFormat.of().formatHex(digest));
  }
}
