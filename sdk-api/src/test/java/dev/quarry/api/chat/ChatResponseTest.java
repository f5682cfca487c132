package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatResponseTest {
  private static final AssistantMessage HI = AssistantMessage.of("Hi.");

  @Test
  void aReplyWithoutMetadataHasAnEmptyMap() {
    assertThat(new ChatResponse(HI, TokenUsage.ZERO, FinishReason.STOP).metadata()).isEmpty();
  }

  @Test
  void metadataIsCopiedKeptInOrderAndExtendedWithoutChangingTheOriginal() {
    Map<String, String> given = new HashMap<>(Map.of(ChatResponse.MODEL, "a"));
    ChatResponse reply = new ChatResponse(HI, TokenUsage.ZERO, FinishReason.STOP, given);
    given.put("later", "ignored");

    ChatResponse more = reply.withMetadata(ChatResponse.ATTEMPTS, "2").withMetadata(ChatResponse.MODEL, "b");

    assertThat(reply.metadata()).containsOnly(Map.entry(ChatResponse.MODEL, "a"));
    assertThat(more.metadata())
        .containsExactly(Map.entry(ChatResponse.MODEL, "b"), Map.entry(ChatResponse.ATTEMPTS, "2"));
    assertThatThrownBy(() -> more.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void blankKeysOrValuesAreRefused() {
    assertThatThrownBy(() -> new ChatResponse(HI, TokenUsage.ZERO, FinishReason.STOP, Map.of(" ", "v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank");
    assertThatThrownBy(() -> new ChatResponse(HI, TokenUsage.ZERO, FinishReason.STOP).withMetadata("k", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k=");
    assertThatThrownBy(() -> new ChatResponse(HI, TokenUsage.ZERO, FinishReason.STOP, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata");
  }
}
