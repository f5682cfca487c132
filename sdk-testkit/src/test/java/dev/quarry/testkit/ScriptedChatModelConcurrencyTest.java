package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.UserMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScriptedChatModelConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 200;

  @Test
  void concurrentCallersEachGetOneReplyPairedWithTheirRecordedRequest() throws Exception {
    int total = THREADS * CALLS_PER_THREAD;
    ScriptedChatModel.Builder builder = ScriptedChatModel.builder();
    for (int i = 0; i < total; i++) {
      builder.reply(Integer.toString(i));
    }
    ScriptedChatModel model = builder.build();

    List<Callable<List<int[]>>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          () -> {
            List<int[]> pairs = new ArrayList<>();
            for (int c = 0; c < CALLS_PER_THREAD; c++) {
              int sent = thread * CALLS_PER_THREAD + c;
              ChatRequest request = ChatRequest.of(new UserMessage("q" + sent));
              pairs.add(new int[] {sent, Integer.parseInt(model.chat(request).message().text())});
            }
            return pairs;
          });
    }
    List<int[]> pairs = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (Future<List<int[]>> future : pool.invokeAll(workers)) {
        pairs.addAll(future.get());
      }
    }

    List<ChatRequest> recorded = model.requests();
    Set<Integer> replies = new HashSet<>();
    for (int[] pair : pairs) {
      replies.add(pair[1]);
      // The n-th recorded request received the n-th scripted reply.
      assertThat(((UserMessage) recorded.get(pair[1]).messages().getFirst()).text()).isEqualTo("q" + pair[0]);
    }
    assertThat(replies).hasSize(total);
    assertThat(recorded).hasSize(total);
    assertThat(model.remainingSteps()).isZero();
  }
}
