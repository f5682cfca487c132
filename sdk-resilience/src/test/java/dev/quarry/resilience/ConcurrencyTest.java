package dev.quarry.resilience;

import static dev.quarry.resilience.TestPolicies.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatResponse;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 16;
  private static final int CALLS_PER_THREAD = 25;

  @Test
  void manyThreadsShareOneWrapper() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ChatModel everyThirdFails = request -> {
      int call = calls.incrementAndGet();
      if (call % 3 == 0) {
        throw new RetriableException("503 on call " + call);
      }
      return FlakyChatModel.reply("call " + call);
    };
    TestObservationRegistry registry = TestObservationRegistry.create();
    RecordingSleeper sleeper = new RecordingSleeper();
    ChatModel chat = Resilient.chatModel(everyThirdFails,
        TestPolicies.recording(sleeper).maxAttempts(50).withoutCircuitBreaker().observationRegistry(registry).build());
    List<Callable<List<ChatResponse>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      tasks.add(() -> {
        List<ChatResponse> replies = new ArrayList<>();
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
          replies.add(chat.chat(REQUEST));
        }
        return replies;
      });
    }

    List<ChatResponse> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (Future<List<ChatResponse>> future : pool.invokeAll(tasks)) {
        replies.addAll(future.get());
      }
    }

    assertThat(replies).hasSize(THREADS * CALLS_PER_THREAD);
    int attempts = replies.stream().mapToInt(reply -> Integer.parseInt(reply.metadata().get(ChatResponse.ATTEMPTS)))
        .sum();
    assertThat(attempts).as("every model call is one attempt of one reply").isEqualTo(calls.get());
    assertThat(sleeper.waits()).hasSize(calls.get() - replies.size());
    assertThat(replies.stream().map(reply -> reply.message().text())).doesNotHaveDuplicates();
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("quarry.resilience", THREADS * CALLS_PER_THREAD);
  }
}
