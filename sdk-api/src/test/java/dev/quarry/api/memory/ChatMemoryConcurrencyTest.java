package dev.quarry.api.memory;

import static dev.quarry.api.memory.Messages.calls;
import static dev.quarry.api.memory.Messages.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.chat.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChatMemoryConcurrencyTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 400;
  private static final SystemMessage SYSTEM = new SystemMessage("be brief");

  @Test
  void concurrentAddsToOneMessageWindowKeepTheInvariants() throws Exception {
    InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    MessageWindowMemory memory = MessageWindowMemory.builder("shared", 50).store(store).build();
    memory.add(SYSTEM);

    List<String> violations = hammer(memory, m -> m.size() <= 50);

    assertThat(violations).isEmpty();
    assertThat(memory.messages()).hasSize(50).first().isEqualTo(SYSTEM);
    assertPerThreadOrder(memory.messages());
    assertThat(store.load("shared")).isEqualTo(memory.messages());
  }

  @Test
  void concurrentAddsToOneTokenWindowKeepTheInvariants() throws Exception {
    MessageTokens tokens = new MessageTokens(new WordCounter());
    TokenWindowMemory memory = TokenWindowMemory.builder("shared", 200, new WordCounter()).build();
    memory.add(SYSTEM);

    List<String> violations =
        hammer(memory, m -> m.stream().mapToInt(tokens::count).sum() <= 200);

    assertThat(violations).isEmpty();
    assertThat(memory.messages().getFirst()).isEqualTo(SYSTEM);
    assertThat(memory.messages().stream().mapToInt(tokens::count).sum()).isBetween(190, 200);
    assertPerThreadOrder(memory.messages());
  }

  @Test
  void concurrentToolExchangesInManyMemoriesOverOneStoreStayWhole() throws Exception {
    InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String id = "agent-" + t;
        futures.add(pool.submit(() -> {
          MessageWindowMemory memory = MessageWindowMemory.builder(id, 7).store(store).build();
          for (int i = 0; i < PER_THREAD; i++) {
            memory.add(new UserMessage("question " + i));
            memory.add(calls(id + "-" + i + "a", id + "-" + i + "b"));
            memory.add(result(id + "-" + i + "a", "one"));
            memory.add(result(id + "-" + i + "b", "two"));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int t = 0; t < THREADS; t++) {
      List<Message> stored = store.load("agent-" + t);
      assertThat(stored).hasSize(7);
      assertToolResultsFollowTheirRequests(stored);
    }
  }

  /** Adds numbered user and assistant messages from many threads while a reader checks {@code invariant}. */
  private static List<String> hammer(ChatMemory memory, java.util.function.Predicate<List<Message>> invariant)
      throws Exception {
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      Future<?> reader = pool.submit(() -> {
        while (!done.get()) {
          List<Message> snapshot = memory.messages();
          if (!snapshot.getFirst().equals(SYSTEM) || !invariant.test(snapshot)) {
            violations.add(snapshot.toString());
          }
        }
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          for (int i = 0; i < PER_THREAD; i++) {
            memory.add(i % 2 == 0
                ? new UserMessage("t" + thread + " " + i)
                : AssistantMessage.of("t" + thread + " " + i));
          }
        }));
      }
      for (Future<?> w : writers) {
        w.get(30, TimeUnit.SECONDS);
      }
      done.set(true);
      reader.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    return violations;
  }

  /** Each thread's messages, "t{thread} {seq}", must appear in the order that thread added them. */
  private static void assertPerThreadOrder(List<Message> messages) {
    Map<String, Integer> last = new HashMap<>();
    for (Message m : messages.subList(1, messages.size())) {
      String text = m instanceof UserMessage u ? u.text() : ((AssistantMessage) m).text();
      String[] parts = text.split(" ");
      int seq = Integer.parseInt(parts[1]);
      Integer previous = last.put(parts[0], seq);
      if (previous != null) {
        assertThat(seq).as("order of %s", parts[0]).isGreaterThan(previous);
      }
    }
  }

  private static void assertToolResultsFollowTheirRequests(List<Message> messages) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof ToolResultMessage r) {
        int j = i - 1;
        while (messages.get(j) instanceof ToolResultMessage) {
          j--;
        }
        assertThat(messages.get(j))
            .isInstanceOfSatisfying(AssistantMessage.class, a -> assertThat(a.toolCalls())
                .anySatisfy(call -> assertThat(call.id()).isEqualTo(r.toolCallId())));
      }
      if (messages.get(i) instanceof AssistantMessage a && a.hasToolCalls()) {
        assertThat(messages.subList(i + 1, Math.min(i + 3, messages.size())))
            .hasSize(2)
            .allSatisfy(m -> assertThat(m).isInstanceOf(ToolResultMessage.class));
      }
    }
  }
}
