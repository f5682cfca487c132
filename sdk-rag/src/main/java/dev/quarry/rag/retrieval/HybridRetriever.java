package dev.quarry.rag.retrieval;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.observation.ObservationKeys;
import dev.quarry.observation.ObservationNames;
import dev.quarry.observation.ObservedRetriever;
import dev.quarry.observation.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Asks several retrievers at once (typically dense and BM25) and fuses their answers, because meaning and exact
 * words each find chunks the other misses.
 *
 * <pre>{@code
 * Retriever hybrid = HybridRetriever.builder(dense, bm25)
 *     .fusion(Fusion.convex(0.7, Normalization.MIN_MAX))   // default: Fusion.rrf()
 *     .depth(50)
 *     .build();
 * }</pre>
 *
 * <p>Each leg is asked for {@code max(depth, query.maxResults())} hits with the query's text and filter. The legs
 * run in parallel: the first on the calling thread, the others on the {@linkplain Builder#executor executor}
 * (by default a new virtual thread per leg, so nothing needs shutting down). The answer holds each chunk once,
 * ranked by the {@link Fusion}, cut to {@code query.maxResults()}; a hit's score is its fused score, and equal
 * scores are ordered by chunk id.
 *
 * <p>If a leg throws, {@code retrieve} waits for the other legs, then throws for the first failed leg, naming it
 * ("hybrid leg 2 of 2 (...) failed: ..."): a {@link dev.quarry.api.RetriableException} if the leg's exception was
 * one, else a {@link dev.quarry.api.NonRetriableException}. It never returns half an answer.
 *
 * <p>With an {@linkplain Builder#observationRegistry observation registry}, a retrieval is observed as {@value
 * ObservationNames#RETRIEVAL} of kind {@code hybrid}, each leg under it as one of the leg's kind ({@code dense}
 * for a {@link DenseRetriever}, {@code keyword} for a {@link Bm25Retriever}, else {@code other}) with
 * its position, and the fusion as {@value ObservationNames#FUSION}.
 *
 * <p>Immutable and thread-safe if the legs are.
 */
public final class HybridRetriever implements Retriever {
  /** Hits asked of each leg when {@link Builder#depth} is not called (more if the query wants more). */
  public static final int DEFAULT_DEPTH = 50;

  private final List<Retriever> legs;
  private final int depth;
  private final Fusion fusion;
  private final Executor executor;
  private final ObservationRegistry observations;

  private HybridRetriever(Builder b) {
    this.legs = b.legs;
    this.depth = b.depth;
    this.fusion = b.fusion;
    this.executor = b.executor;
    this.observations = b.observations;
  }

  /**
   * Starts a hybrid of two or more retrievers. With {@link Fusion#convex}, the first leg gets weight alpha: pass
   * the dense retriever first.
   */
  public static Builder builder(Retriever first, Retriever second, Retriever... more) {
    if (more == null) {
      throw new IllegalArgumentException("the extra legs must not be null (pass none, or retrievers)");
    }
    List<Retriever> legs = new ArrayList<>(2 + more.length);
    legs.add(first);
    legs.add(second);
    legs.addAll(Arrays.asList(more));
    for (int i = 0; i < legs.size(); i++) {
      if (legs.get(i) == null) {
        throw new IllegalArgumentException("hybrid leg " + (i + 1) + " must not be null");
      }
    }
    return new Builder(List.copyOf(legs));
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    Observation observation = ObservedRetriever.retrieval(observations, "hybrid", ObservationKeys.NONE);
    return Observations.observe(observation, () -> ObservedRetriever.counted(observation, fused(query, observation)));
  }

  private List<SearchHit> fused(Query query, Observation parent) {
    Query perLeg = query.withMaxResults(Math.max(depth, query.maxResults()));
    List<Supplier<List<SearchHit>>> calls = new ArrayList<>(legs.size());
    for (int i = 0; i < legs.size(); i++) {
      Retriever leg = legs.get(i);
      String position = Integer.toString(i + 1);
      calls.add(() -> {
        Observation observed = ObservedRetriever.retrieval(observations, kind(leg), position).parentObservation(parent);
        return Observations.observe(observed, () -> ObservedRetriever.counted(observed, leg.retrieve(perLeg)));
      });
    }
    List<List<SearchHit>> answers = ParallelCalls.all(executor, calls, this::describeLeg);
    String method = switch (fusion) {
      case ReciprocalRankFusion rrf -> "rrf";
      case ConvexFusion convex -> "convex";
      case AdaptiveFusion adaptive -> "adaptive";
    };
    Observation fusing = Observation.createNotStarted(ObservationNames.FUSION, observations)
        .contextualName("fuse " + method)
        .lowCardinalityKeyValue(ObservationKeys.FUSION_METHOD, method);
    return Observations.observe(fusing, () -> RankedLists.top(fusion.fuse(answers), query.maxResults()));
  }

  private static String kind(Retriever leg) {
    return switch (leg) {
      case DenseRetriever dense -> "dense";
      case Bm25Retriever keyword -> "keyword";
      default -> "other"; // a class name could be a lambda's, unbounded as a tag value
    };
  }

  private String describeLeg(int i) {
    return "hybrid leg " + (i + 1) + " of " + legs.size() + " (" + legs.get(i).getClass().getSimpleName() + ")";
  }

  @Override
  public String toString() {
    return "HybridRetriever[legs=" + legs.size() + ", depth=" + depth + ", fusion=" + fusion + "]";
  }

  /** Options of a {@link HybridRetriever}. Not thread-safe. */
  public static final class Builder {
    private final List<Retriever> legs;
    private int depth = DEFAULT_DEPTH;
    private Fusion fusion = Fusion.rrf();
    private Executor executor = ParallelCalls.VIRTUAL_THREADS;
    private ObservationRegistry observations = ObservationRegistry.NOOP;

    private Builder(List<Retriever> legs) {
      this.legs = legs;
    }

    /** Hits asked of each leg (at least the query's maxResults); {@value #DEFAULT_DEPTH} by default. */
    public Builder depth(int depth) {
      if (depth <= 0) {
        throw new IllegalArgumentException("depth must be > 0, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    /** How the legs' lists are merged; {@link Fusion#rrf()} by default. */
    public Builder fusion(Fusion fusion) {
      if (fusion == null) {
        throw new IllegalArgumentException("fusion must not be null (e.g. Fusion.rrf())");
      }
      this.fusion = fusion;
      return this;
    }

    /**
     * Where the legs after the first run; by default a new virtual thread per leg. A bounded pool works too; if
     * nested retrievers share it, size it for the nesting, since a waiting caller may hold one of its threads.
     */
    public Builder executor(Executor executor) {
      if (executor == null) {
        throw new IllegalArgumentException("executor must not be null");
      }
      this.executor = executor;
      return this;
    }

    /**
     * Where retrievals, their legs and the fusion are observed; see the class comment. None ({@link
     * ObservationRegistry#NOOP}) unless set.
     */
    public Builder observationRegistry(ObservationRegistry observations) {
      if (observations == null) {
        throw new IllegalArgumentException("observation registry must not be null (ObservationRegistry.NOOP: none)");
      }
      this.observations = observations;
      return this;
    }

    /**
     * Returns the retriever.
     *
     * @throws IllegalArgumentException if a convex fusion's weights do not match the number of legs, or an adaptive
     *     fusion does not have exactly two legs
     */
    public HybridRetriever build() {
      if (fusion instanceof AdaptiveFusion && legs.size() != 2) {
        throw new IllegalArgumentException("adaptive fusion needs exactly two legs, dense then keyword, but has "
            + legs.size());
      }
      if (fusion instanceof ConvexFusion convex && convex.lists() != legs.size()) {
        throw new IllegalArgumentException(
            "the fusion weighs " + convex.lists() + " lists but the hybrid has " + legs.size()
                + " legs; use Fusion.weighted(normalization, w1, ..., w" + legs.size() + ")");
      }
      return new HybridRetriever(this);
    }
  }
}
