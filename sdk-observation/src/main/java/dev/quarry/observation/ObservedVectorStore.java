package dev.quarry.observation;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.TunableVectorStore;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * A vector store whose every operation is observed as {@link ObservationNames#STORE}, tagged with the store's
 * system ({@link ObservationKeys#DB_SYSTEM_NAME}) and the operation ({@link ObservationKeys#DB_OPERATION_NAME}),
 * and carrying how many records it wrote, returned or removed ({@link ObservationKeys#RECORDS}). {@link
 * #dimension()} is not observed.
 *
 * <p>{@link #of} returns a {@link TunableVectorStore} when the delegate is one, so per-query search options still
 * reach it. The wrapper does not own the store: closing the store stays the caller's job.
 *
 * <p>Thread-safe if the delegate is.
 */
public class ObservedVectorStore implements VectorStore {
  private final VectorStore delegate;
  private final ObservationRegistry registry;
  private final String system;

  ObservedVectorStore(VectorStore delegate, ObservationRegistry registry, String system) {
    this.delegate = delegate;
    this.registry = registry;
    this.system = system;
  }

  /**
   * {@code delegate} observed in {@code registry}, its system named {@code system} ({@code quarry} for the
   * embedded store, {@code postgresql}, {@code chroma}, {@code qdrant}, {@code milvus}).
   *
   * @throws IllegalArgumentException if an argument is null or the system blank
   */
  public static ObservedVectorStore of(VectorStore delegate, ObservationRegistry registry, String system) {
    if (delegate == null || registry == null) {
      throw new IllegalArgumentException("vector store and observation registry must not be null");
    }
    ModelCalls.requireName(system, "store system");
    return delegate instanceof TunableVectorStore tunable
        ? new Tunable(tunable, registry, system)
        : new ObservedVectorStore(delegate, registry, system);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    observe("upsert", () -> {
      delegate.upsert(records);
      return records == null ? 0 : records.size();
    }, Integer::intValue);
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return observe("search", () -> delegate.search(request), List::size);
  }

  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    return observe("get", () -> delegate.get(ids), List::size);
  }

  @Override
  public int delete(Collection<String> ids) {
    return observe("delete", () -> delegate.delete(ids), Integer::intValue);
  }

  @Override
  public int deleteWhere(Filter filter) {
    return observe("delete", () -> delegate.deleteWhere(filter), Integer::intValue);
  }

  @Override
  public long count() {
    Observation observation = observation("count");
    return Observations.observe(observation, delegate::count);
  }

  /** The result of {@code operation}, observed, its record count taken by {@code records}. */
  <T> T observe(String operation, Supplier<T> call, ToIntFunction<T> records) {
    Observation observation = observation(operation);
    return Observations.observe(observation, () -> {
      T result = call.get();
      if (result != null) {
        observation.highCardinalityKeyValue(ObservationKeys.RECORDS, Integer.toString(records.applyAsInt(result)));
      }
      return result;
    });
  }

  private Observation observation(String operation) {
    return Observation.createNotStarted(ObservationNames.STORE, registry)
        .contextualName(operation + " " + system)
        .lowCardinalityKeyValue(ObservationKeys.DB_SYSTEM_NAME, system)
        .lowCardinalityKeyValue(ObservationKeys.DB_OPERATION_NAME, operation);
  }

  @Override
  public String toString() {
    return "ObservedVectorStore[" + system + ", " + delegate + "]";
  }

  /** The wrapper of a store that takes per-query search options. */
  private static final class Tunable extends ObservedVectorStore implements TunableVectorStore {
    private final TunableVectorStore tunable;

    Tunable(TunableVectorStore delegate, ObservationRegistry registry, String system) {
      super(delegate, registry, system);
      this.tunable = delegate;
    }

    @Override
    public List<SearchHit> search(SearchRequest request, SearchOptions options) {
      return observe("search", () -> tunable.search(request, options), List::size);
    }
  }
}
