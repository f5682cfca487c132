package dev.quarry.api.memory;

import static dev.quarry.api.memory.Messages.calls;
import static dev.quarry.api.memory.Messages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import org.junit.jupiter.api.Test;

class MessageWindowMemoryTest {

  private static final SystemMessage SYSTEM = new SystemMessage("be brief");

  private static MessageWindowMemory memory(int maxMessages) {
    return MessageWindowMemory.builder("chat", maxMessages).build();
  }

  private static UserMessage user(int i) {
    return new UserMessage("question " + i);
  }

  @Test
  void keepsTheNewestMessagesOldestFirst() {
    MessageWindowMemory memory = memory(3);
    for (int i = 1; i <= 5; i++) {
      memory.add(user(i));
    }

    assertThat(memory.messages()).containsExactly(user(3), user(4), user(5));
  }

  @Test
  void systemMessageStaysFirstAndCountsAgainstTheWindow() {
    MessageWindowMemory memory = memory(3);
    memory.add(user(1));
    memory.add(SYSTEM);
    memory.add(user(2));
    memory.add(user(3));

    assertThat(memory.messages()).containsExactly(SYSTEM, user(2), user(3));
  }

  @Test
  void newSystemMessageReplacesThePinnedOne() {
    MessageWindowMemory memory = memory(3);
    memory.add(SYSTEM);
    memory.add(user(1));
    SystemMessage other = new SystemMessage("be thorough");
    memory.add(other);

    assertThat(memory.messages()).containsExactly(other, user(1));
  }

  @Test
  void toolCallAndItsResultsAreEvictedTogether() {
    MessageWindowMemory memory = memory(4);
    memory.add(user(1));
    memory.add(calls("c1", "c2"));
    memory.add(result("c1", "one"));
    memory.add(result("c2", "two"));
    memory.add(user(2));
    assertThat(memory.messages())
        .containsExactly(calls("c1", "c2"), result("c1", "one"), result("c2", "two"), user(2));

    AssistantMessage answer = AssistantMessage.of("done");
    memory.add(answer);

    assertThat(memory.messages()).containsExactly(user(2), answer);
  }

  @Test
  void newestToolExchangeIsKeptWholeEvenWhenItOutgrowsTheWindow() {
    MessageWindowMemory memory = memory(2);
    memory.add(user(1));
    memory.add(calls("c1", "c2"));
    memory.add(result("c1", "one"));
    memory.add(result("c2", "two"));

    assertThat(memory.messages()).containsExactly(calls("c1", "c2"), result("c1", "one"), result("c2", "two"));
  }

  @Test
  void rejectsToolResultThatDoesNotFollowItsRequest() {
    MessageWindowMemory memory = memory(5);
    memory.add(calls("c1"));
    memory.add(user(1));

    assertThatThrownBy(() -> memory.add(result("c1", "late")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"c1\"");
    assertThatThrownBy(() -> memory(5).add(result("c9", "orphan")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(memory.messages()).containsExactly(calls("c1"), user(1));
  }

  @Test
  void rejectsMessageThatCannotFitNextToTheSystemMessageAndKeepsTheMemory() {
    MessageWindowMemory memory = memory(1);
    memory.add(SYSTEM);

    assertThatThrownBy(() -> memory.add(user(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window of 1 messages");
    assertThat(memory.messages()).containsExactly(SYSTEM);
  }

  @Test
  void clearForgetsEverythingAndDeletesTheStoredHistory() {
    InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    MessageWindowMemory memory = MessageWindowMemory.builder("chat", 3).store(store).build();
    memory.add(SYSTEM);
    memory.add(user(1));

    memory.clear();

    assertThat(memory.messages()).isEmpty();
    assertThat(store.load("chat")).isEmpty();
  }

  @Test
  void messagesIsAnImmutableSnapshot() {
    MessageWindowMemory memory = memory(3);
    memory.add(user(1));
    var snapshot = memory.messages();
    memory.add(user(2));

    assertThat(snapshot).containsExactly(user(1));
    assertThatThrownBy(() -> snapshot.add(user(3))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> MessageWindowMemory.builder(" ", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory id");
    assertThatThrownBy(() -> MessageWindowMemory.builder(null, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageWindowMemory.builder("chat", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessages must be at least 1, got 0");
    assertThatThrownBy(() -> MessageWindowMemory.builder("chat", 3).store(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store must not be null");
    assertThatThrownBy(() -> memory(3).add((Message) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message must not be null");
  }
}
