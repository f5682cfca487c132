package dev.quarry.api.memory;

import static dev.quarry.api.memory.Messages.calls;
import static dev.quarry.api.memory.Messages.result;
import static dev.quarry.api.memory.TokenWindowMemory.MESSAGE_OVERHEAD_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import org.junit.jupiter.api.Test;

/** Token sums use {@link WordCounter} (a test double: one token per word) plus the per-message overhead. */
class TokenWindowMemoryTest {

  private static final WordCounter WORDS = new WordCounter();

  private static TokenWindowMemory memory(int maxTokens) {
    return TokenWindowMemory.builder("chat", maxTokens, WORDS).build();
  }

  /** A user message of {@code words} words, costing {@code words + 4} tokens. */
  private static UserMessage user(String tag, int words) {
    return new UserMessage((tag + " ").repeat(words).strip());
  }

  @Test
  void countsTextToolCallArgumentsResultsAndOverhead() {
    MessageTokens tokens = new MessageTokens(WORDS);

    assertThat(tokens.count(new UserMessage("a b c"))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 3);
    assertThat(tokens.count(new SystemMessage("a b"))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 2);
    // text "" (0) + tool name "lookup" (1) + arguments {"q": "c1"} (2 words)
    assertThat(tokens.count(calls("c1"))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 3);
    assertThat(tokens.count(calls("c1", "c2"))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 6);
    // tool name "lookup" (1) + content (2 words)
    assertThat(tokens.count(result("c1", "x y"))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 3);
    assertThat(tokens.count(result("c1", ""))).isEqualTo(MESSAGE_OVERHEAD_TOKENS + 1);
  }

  @Test
  void keepsTheNewestMessagesThatFitTheTokenWindow() {
    TokenWindowMemory memory = memory(20);
    memory.add(user("a", 3)); // 7
    memory.add(user("b", 3)); // 7
    memory.add(user("c", 2)); // 6 -> 20, fits exactly
    assertThat(memory.messages()).hasSize(3);

    memory.add(user("d", 1)); // 5 -> 25, the oldest goes

    assertThat(memory.messages()).containsExactly(user("b", 3), user("c", 2), user("d", 1));
  }

  @Test
  void systemMessageIsPinnedAndCountsAgainstTheWindow() {
    TokenWindowMemory memory = memory(20);
    SystemMessage system = new SystemMessage("one two three four"); // 8
    memory.add(system);
    memory.add(user("a", 2)); // 6
    memory.add(user("b", 2)); // 6 -> 20
    memory.add(user("c", 2)); // 6 -> 26, "a" goes

    assertThat(memory.messages()).containsExactly(system, user("b", 2), user("c", 2));
  }

  @Test
  void longerSystemMessageEvictsAsMuchHistoryAsNeeded() {
    TokenWindowMemory memory = memory(20);
    memory.add(user("a", 5)); // 9
    memory.add(user("b", 5)); // 9
    SystemMessage system = new SystemMessage("w w w w w w w w w w w w"); // 16

    memory.add(system);

    assertThat(memory.messages()).containsExactly(system);
  }

  @Test
  void toolCallAndItsResultsAreEvictedTogether() {
    TokenWindowMemory memory = memory(30);
    memory.add(user("q", 2)); // 6
    memory.add(calls("c1", "c2")); // 10
    memory.add(result("c1", "r")); // 6
    memory.add(result("c2", "r")); // 6 -> 28
    AssistantMessage answer = AssistantMessage.of("the answer is here"); // 8 -> 36

    memory.add(answer);

    // only the oldest user message (6) goes: 30 fits
    assertThat(memory.messages())
        .containsExactly(calls("c1", "c2"), result("c1", "r"), result("c2", "r"), answer);

    memory.add(user("z", 1)); // 5 -> 35: the whole tool exchange (22) goes, never half of it

    assertThat(memory.messages()).containsExactly(answer, user("z", 1));
  }

  @Test
  void rejectsAMessageLargerThanTheWindowAndKeepsTheMemory() {
    TokenWindowMemory memory = memory(10);
    memory.add(user("a", 2));

    assertThatThrownBy(() -> memory.add(user("big", 7))) // 11
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 tokens")
        .hasMessageContaining("window of 10 tokens");
    assertThat(memory.messages()).containsExactly(user("a", 2));
  }

  @Test
  void keepsAnAssistantMessageLargerThanTheWindowAloneRatherThanLosingTheReply() {
    InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    TokenWindowMemory memory = TokenWindowMemory.builder("chat", 12, WORDS).store(store).build();
    memory.add(new SystemMessage("a b")); // 6
    memory.add(user("q", 1)); // 5
    AssistantMessage longAnswer = AssistantMessage.of("w w w w w w w w"); // 12

    memory.add(longAnswer);

    assertThat(memory.messages()).containsExactly(new SystemMessage("a b"), longAnswer);
    assertThat(TokenWindowMemory.builder("chat", 12, WORDS).store(store).build().messages())
        .as("restored from the store").containsExactly(new SystemMessage("a b"), longAnswer);
    memory.add(user("next", 1)); // the next message pushes it out as usual
    assertThat(memory.messages()).containsExactly(new SystemMessage("a b"), user("next", 1));
  }

  @Test
  void rejectsAMessageThatCannotFitNextToTheSystemMessage() {
    TokenWindowMemory memory = memory(12);
    memory.add(new SystemMessage("a b c")); // 7

    assertThatThrownBy(() -> memory.add(user("u", 2))) // 6
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next to the 7 of the system message");
  }

  @Test
  void rejectsASystemMessageLargerThanTheWindow() {
    assertThatThrownBy(() -> memory(5).add(new SystemMessage("a b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system message of 6 tokens");
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> TokenWindowMemory.builder("", 10, WORDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory id");
    assertThatThrownBy(() -> TokenWindowMemory.builder("chat", -1, WORDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be at least 1, got -1");
    assertThatThrownBy(() -> TokenWindowMemory.builder("chat", 10, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token counter must not be null");
    assertThatThrownBy(() -> TokenWindowMemory.builder("chat", 10, WORDS).store(null))
        .isInstanceOf(IllegalArgumentException.class);
    TokenWindowMemory negative = TokenWindowMemory.builder("chat", 10, text -> -1).build();
    assertThatThrownBy(() -> negative.add(new UserMessage("hi")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("negative");
  }
}
