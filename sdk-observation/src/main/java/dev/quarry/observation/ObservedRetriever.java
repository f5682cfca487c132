package dev.quarry.observation;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;

/**
 * A retriever whose every call is observed as {@link ObservationNames#RETRIEVAL}, tagged with its kind ({@link
 * ObservationKeys#RETRIEVAL_KIND}) and carrying the number of hits. Quarry's hybrid retriever observes itself and
 * its legs when given a registry; this wraps any other.
 *
 * <p>Thread-safe if the delegate is.
 */
public final class ObservedRetriever implements Retriever {
  private final Retriever delegate;
  private final ObservationRegistry registry;
  private final String kind;

  private ObservedRetriever(Retriever delegate, ObservationRegistry registry, String kind) {
    this.delegate = delegate;
    this.registry = registry;
    this.kind = kind;
  }

  /**
   * {@code delegate} observed in {@code registry} as a retriever of {@code kind} ({@code dense}, {@code keyword},
   * {@code hybrid}, or a name of your own; keep it to a few fixed values, it tags metrics).
   *
   * @throws IllegalArgumentException if an argument is null or the kind blank
   */
  public static ObservedRetriever of(Retriever delegate, ObservationRegistry registry, String kind) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("retriever and observation registry must not be null");
    }
    return new ObservedRetriever(delegate, registry, ModelCalls.requireName(kind, "retriever kind"));
  }

  /** A not yet started retrieval observation of a retriever of {@code kind}, or of leg {@code leg} of one. */
  public static Observation retrieval(ObservationRegistry registry, String kind, String leg) {
    return Observation.createNotStarted(ObservationNames.RETRIEVAL, registry)
        .contextualName("retrieve " + kind)
        .lowCardinalityKeyValue(ObservationKeys.RETRIEVAL_KIND, kind)
        .lowCardinalityKeyValue(ObservationKeys.RETRIEVAL_LEG, leg);
  }

  /** Records the number of {@code hits} on {@code observation}. */
  public static List<SearchHit> counted(Observation observation, List<SearchHit> hits) {
    if (hits != null) {
      observation.highCardinalityKeyValue(ObservationKeys.HITS, Integer.toString(hits.size()));
    }
    return hits;
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    Observation observation = retrieval(registry, kind, ObservationKeys.NONE);
    return Observations.observe(observation, () -> counted(observation, delegate.retrieve(query)));
  }

  @Override
  public String toString() {
    return "ObservedRetriever[" + kind + ", " + delegate + "]";
  }
}
