package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients at once: the retriever, store and BM25 index serve parallel searches without an error. */
class ConcurrentSearchTest extends ServiceTest {
  private static final int CLIENTS = 50;

  @Test
  void fiftyParallelSearchesAllSucceed() throws Exception {
    Http http = http();
    uploadAll(http,
        Http.FilePart.text("tides.md", "# Tides\n\nSpring tides happen at new and full moon, when the sun and the"
            + " moon pull together; neap tides come at the quarter moons."),
        Http.FilePart.text("bees.md", "# Bees\n\nA honey bee colony has one queen, thousands of workers and a few"
            + " hundred drones in summer."));
    List<String> queries = List.of("spring+tides+moon", "honey+bee+queen", "neap+tide", "worker+bees+drones");

    CountDownLatch start = new CountDownLatch(1);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      for (int i = 0; i < CLIENTS; i++) {
        String query = queries.get(i % queries.size());
        int k = 1 + i % 10;
        replies.add(clients.submit(() -> {
          start.await();
          return http.get("/search?q=" + query + "&k=" + k);
        }));
      }
      start.countDown();
      for (int i = 0; i < CLIENTS; i++) {
        Http.Reply reply = replies.get(i).get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("k").asInt()).isEqualTo(1 + i % 10);
        assertThat(reply.json().get("hits").size()).isBetween(1, 1 + i % 10);
        String expected = queries.get(i % queries.size()).contains("tide") ? "tides.md" : "bees.md";
        assertThat(reply.json().get("hits").get(0).get("documentId").asString()).isEqualTo(expected);
      }
    }
  }
}
