package dev.quarry.api.memory;

import static dev.quarry.api.memory.Messages.calls;
import static dev.quarry.api.memory.Messages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMemoryPersistenceTest {

  private final InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();

  @Test
  void aNewMemoryWithTheSameIdAndStoreSeesTheHistory() {
    MessageWindowMemory first = MessageWindowMemory.builder("alice", 10).store(store).build();
    first.add(new SystemMessage("be brief"));
    first.add(new UserMessage("hello"));
    first.add(calls("c1"));
    first.add(result("c1", "42"));

    MessageWindowMemory second = MessageWindowMemory.builder("alice", 10).store(store).build();

    assertThat(second.messages()).isEqualTo(first.messages()).hasSize(4);
    assertThat(store.load("alice")).isEqualTo(first.messages());
  }

  @Test
  void everyChangeIsSavedToTheStore() {
    TokenWindowMemory memory = TokenWindowMemory.builder("bob", 12, new WordCounter()).store(store).build();
    memory.add(new UserMessage("one two"));
    assertThat(store.load("bob")).containsExactly(new UserMessage("one two"));

    memory.add(new UserMessage("three four five")); // 6 + 7 > 12: the first goes

    assertThat(store.load("bob")).containsExactly(new UserMessage("three four five"));
  }

  @Test
  void historyFromAWiderWindowIsTrimmedOnLoadAndSavedBack() {
    MessageWindowMemory wide = MessageWindowMemory.builder("carol", 10).store(store).build();
    SystemMessage system = new SystemMessage("be brief");
    wide.add(system);
    wide.add(new UserMessage("q1"));
    wide.add(calls("c1"));
    wide.add(result("c1", "r1"));
    wide.add(AssistantMessage.of("a1"));

    MessageWindowMemory narrow = MessageWindowMemory.builder("carol", 3).store(store).build();

    List<Message> expected = List.of(system, AssistantMessage.of("a1"));
    assertThat(narrow.messages()).isEqualTo(expected);
    assertThat(store.load("carol")).isEqualTo(expected);
  }

  @Test
  void loadingKeepsTheNewestToolExchangeWholeAndDropsWhatTheWindowWouldReject() {
    List<Message> exchange = List.of(calls("c1", "c2"), result("c1", "one"), result("c2", "two"));
    List<Message> withExchange = new java.util.ArrayList<>(List.of(new UserMessage("q")));
    withExchange.addAll(exchange);
    store.save("tools", withExchange);
    store.save("orphan", List.of(result("c7", "lost"), new UserMessage("q")));
    store.save("lone", List.of(new UserMessage("a b c d e f g h")));

    assertThat(MessageWindowMemory.builder("tools", 2).store(store).build().messages()).isEqualTo(exchange);
    assertThat(store.load("tools")).isEqualTo(exchange);
    assertThat(MessageWindowMemory.builder("orphan", 5).store(store).build().messages())
        .containsExactly(new UserMessage("q"));
    assertThat(TokenWindowMemory.builder("lone", 5, new WordCounter()).store(store).build().messages())
        .isEmpty();
    assertThat(store.load("lone")).isEmpty();
  }

  @Test
  void memoriesWithDifferentIdsDoNotShareHistory() {
    MessageWindowMemory alice = MessageWindowMemory.builder("alice", 5).store(store).build();
    MessageWindowMemory bob = MessageWindowMemory.builder("bob", 5).store(store).build();
    alice.add(new UserMessage("from alice"));

    assertThat(bob.messages()).isEmpty();
    alice.clear();
    assertThat(MessageWindowMemory.builder("alice", 5).store(store).build().messages()).isEmpty();
  }

  @Test
  void storeRejectsBadArgumentsAndCopiesWhatItSaves() {
    assertThatThrownBy(() -> store.load(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.save("x", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(null)).isInstanceOf(IllegalArgumentException.class);

    var messages = new java.util.ArrayList<Message>(List.of(new UserMessage("hi")));
    store.save("x", messages);
    messages.clear();

    assertThat(store.load("x")).containsExactly(new UserMessage("hi"));
  }
}
