package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.hit;
import static dev.quarry.rag.retrieval.Hits.ids;
import static dev.quarry.rag.retrieval.Hits.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HybridRetrieverTest {

  @Test
  @Timeout(20)
  void legsRunAtTheSameTime() {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch secondStarted = new CountDownLatch(1);
    Retriever first = query -> meet(firstStarted, secondStarted, ranked("a"));
    Retriever second = query -> meet(secondStarted, firstStarted, ranked("b"));

    List<SearchHit> hits = HybridRetriever.builder(first, second).build().retrieve(Query.of("q"));

    assertThat(ids(hits)).containsExactly("a", "b");
  }

  /** Signals {@code mine}, then waits for the other leg's signal, which only comes if both legs run at once. */
  private static List<SearchHit> meet(CountDownLatch mine, CountDownLatch other, List<SearchHit> hits) {
    mine.countDown();
    try {
      if (!other.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the other leg never started: legs ran one after the other");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return hits;
  }

  @Test
  void byDefaultTheFirstLegRunsOnTheCallerAndTheOthersOnVirtualThreads() {
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> firstThread = new AtomicReference<>();
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    Retriever first = query -> {
      firstThread.set(Thread.currentThread());
      return ranked("a");
    };
    Retriever second = query -> {
      secondThread.set(Thread.currentThread());
      return ranked("b");
    };

    HybridRetriever.builder(first, second).build().retrieve(Query.of("q"));

    assertThat(firstThread.get()).isSameAs(caller);
    assertThat(secondThread.get().isVirtual()).isTrue();
  }

  @Test
  void everyLegGetsTheQueryTextFilterAndDepth() {
    StubRetriever dense = StubRetriever.returning(ranked("a"));
    StubRetriever sparse = StubRetriever.returning(ranked("b"));
    StubRetriever third = StubRetriever.returning(List.of());
    Filter english = Filter.eq("lang", "en");
    HybridRetriever hybrid = HybridRetriever.builder(dense, sparse, third).depth(30).build();

    hybrid.retrieve(Query.of("rust borrow checker").withMaxResults(5).withFilter(english));
    hybrid.retrieve(Query.of("more").withMaxResults(80));

    Query expected = new Query("rust borrow checker", 30, Optional.of(english));
    for (StubRetriever leg : List.of(dense, sparse, third)) {
      assertThat(leg.queries()).hasSize(2);
      assertThat(leg.queries().get(0)).isEqualTo(expected);
      assertThat(leg.queries().get(1).maxResults()).as("depth is at least maxResults").isEqualTo(80);
    }
  }

  @Test
  void defaultDepthIsFifty() {
    StubRetriever leg = StubRetriever.returning(List.of());

    HybridRetriever.builder(leg, leg).build().retrieve(Query.of("q"));

    assertThat(leg.queries()).extracting(Query::maxResults).containsExactly(50, 50);
    assertThat(HybridRetriever.DEFAULT_DEPTH).isEqualTo(50);
  }

  @Test
  void fusesByRrfByDefaultDedupesAndCutsToMaxResults() {
    Retriever dense = StubRetriever.returning(ranked("a", "b", "c"));
    Retriever sparse = StubRetriever.returning(ranked("c", "a", "d"));

    List<SearchHit> hits = HybridRetriever.builder(dense, sparse).build().retrieve(Query.of("q").withMaxResults(3));

    assertThat(ids(hits)).containsExactly("a", "c", "b");
    assertThat(hits.get(0).score()).as("the fused score").isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
  }

  @Test
  void convexFusionWeighsTheFirstLegByAlpha() {
    Retriever dense = StubRetriever.returning(List.of(hit("a", 0.9), hit("b", 0.7), hit("c", 0.5)));
    Retriever sparse = StubRetriever.returning(List.of(hit("c", 10), hit("d", 4), hit("a", 2)));

    List<SearchHit> hits =
        HybridRetriever.builder(dense, sparse)
            .fusion(Fusion.convex(0.7, Normalization.MIN_MAX))
            .build()
            .retrieve(Query.of("q"));

    assertThat(ids(hits)).containsExactly("a", "b", "c", "d");
    assertThat(hits.get(1).score())
        .as("b is missing from the sparse leg: 0.7 × 0.5 + 0.3 × 0")
        .isCloseTo(0.35, within(1e-12));
  }

  @Test
  void aFailingLegFailsTheRetrievalNamingTheLegAndKeepingRetriability() {
    RetriableException rateLimited = new RetriableException("rate limited");
    Retriever ok = StubRetriever.returning(ranked("a"));
    Retriever failing = query -> {
      throw rateLimited;
    };

    assertThatThrownBy(() -> HybridRetriever.builder(ok, failing).build().retrieve(Query.of("q")))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("hybrid leg 2 of 2")
        .hasMessageContaining("rate limited")
        .hasCause(rateLimited);
  }

  @Test
  void whenSeveralLegsFailTheFirstIsThrownAndTheOthersSuppressed() {
    IllegalStateException broken = new IllegalStateException("index closed");
    RetriableException timeout = new RetriableException("timeout");
    Retriever first = query -> {
      throw broken;
    };
    Retriever second = query -> {
      throw timeout;
    };

    assertThatThrownBy(() -> HybridRetriever.builder(first, second).build().retrieve(Query.of("q")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("hybrid leg 1 of 2")
        .hasCause(broken)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(timeout));
  }

  @Test
  void aLegReturningNullIsAFailure() {
    Retriever ok = StubRetriever.returning(ranked("a"));
    Retriever broken = query -> null;

    assertThatThrownBy(() -> HybridRetriever.builder(ok, broken).build().retrieve(Query.of("q")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("hybrid leg 2 of 2")
        .hasMessageContaining("null");
  }

  @Test
  void legsAfterTheFirstRunOnTheGivenExecutor() {
    AtomicInteger submitted = new AtomicInteger();
    Executor counting = task -> {
      submitted.incrementAndGet();
      new Thread(task).start();
    };
    Retriever leg = StubRetriever.returning(ranked("a"));

    HybridRetriever.builder(leg, leg, leg).executor(counting).build().retrieve(Query.of("q"));

    assertThat(submitted).hasValue(2);
  }

  @Test
  void aLegTheExecutorRefusesIsAFailure() {
    Executor refusing = task -> {
      throw new RejectedExecutionException("shut down");
    };
    Retriever leg = StubRetriever.returning(ranked("a"));

    HybridRetriever hybrid = HybridRetriever.builder(leg, leg).executor(refusing).build();

    assertThatThrownBy(() -> hybrid.retrieve(Query.of("q")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("hybrid leg 2 of 2")
        .hasRootCauseInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void rejectsBadConfiguration() {
    Retriever leg = StubRetriever.returning(List.of());

    assertThatThrownBy(() -> HybridRetriever.builder(leg, null)).hasMessageContaining("hybrid leg 2 must not be null");
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg, (Retriever[]) null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg).depth(0)).hasMessageContaining("depth must be > 0");
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg).fusion(null)).hasMessageContaining("Fusion.rrf()");
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg).executor(null))
        .isInstanceOf(IllegalArgumentException.class);
    Fusion twoLists = Fusion.convex(0.5, Normalization.MIN_MAX);
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg, leg).fusion(twoLists).build())
        .hasMessageContaining("weighs 2 lists but the hybrid has 3 legs");
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg, leg).fusion(Fusion.adaptive()).build())
        .hasMessage("adaptive fusion needs exactly two legs, dense then keyword, but has 3");
    assertThatThrownBy(() -> HybridRetriever.builder(leg, leg).build().retrieve(null))
        .isInstanceOf(IllegalArgumentException.class);
    Fusion threeLists = Fusion.weighted(Normalization.Z_SCORE, 2, 1, 1);
    assertThat(HybridRetriever.builder(leg, leg, leg).fusion(threeLists).build())
        .hasToString("HybridRetriever[legs=3, depth=50, fusion=Fusion.weighted(Z_SCORE, [0.5, 0.25, 0.25])]");
  }
}
