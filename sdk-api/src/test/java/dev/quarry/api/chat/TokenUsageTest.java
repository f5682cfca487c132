package dev.quarry.api.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenUsageTest {

  @Test
  void plusAddsInputAndOutputSeparately() {
    TokenUsage sum = new TokenUsage(10, 2).plus(new TokenUsage(5, 7));

    assertThat(sum).isEqualTo(new TokenUsage(15, 9));
    assertThat(sum.totalTokens()).isEqualTo(24);
  }

  @Test
  void plusLeavesBothOperandsUnchanged() {
    TokenUsage a = new TokenUsage(1, 2);
    TokenUsage b = new TokenUsage(3, 4);

    a.plus(b);

    assertThat(a).isEqualTo(new TokenUsage(1, 2));
    assertThat(b).isEqualTo(new TokenUsage(3, 4));
  }

  @Test
  void zeroIsTheIdentityOfPlus() {
    TokenUsage usage = new TokenUsage(3, 4);

    assertThat(usage.plus(TokenUsage.ZERO)).isEqualTo(usage);
    assertThat(TokenUsage.ZERO.plus(usage)).isEqualTo(usage);
    assertThat(TokenUsage.ZERO.totalTokens()).isZero();
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> new TokenUsage(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputTokens must be >= 0, was -1");
    assertThatThrownBy(() -> new TokenUsage(0, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputTokens must be >= 0, was -2");
  }
}
