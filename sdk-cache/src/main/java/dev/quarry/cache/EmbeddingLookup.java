package dev.quarry.cache;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds the vectors of a batch of keys, cheapest source first, and embeds the rest in one call:
 *
 * <ol>
 *   <li>memory (Caffeine), then the folder's file (the vector read is put into memory);
 *   <li>each key still missing is <em>claimed</em> by putting a future into the in-flight map; a key another call
 *       has claimed already is waited for instead, and a key claimed here is looked up once more, since its owner
 *       may have finished between the first look and the claim (owners store before they release a claim, so the
 *       second look cannot miss a finished one);
 *   <li>the claimed keys' texts go to the model in one call; the vectors are checked, stored (memory, then the
 *       file), handed to the waiting calls through the futures, and the claims released;
 *   <li>then the keys claimed by other calls are awaited. If such a call failed, the keys are embedded here, in a
 *       second call to the model, without claiming.
 * </ol>
 *
 * <p>No call waits for another before finishing its own claims, so calls cannot deadlock on each other. A text is
 * thus embedded once while its entry stays cached, however many calls ask for it at the same time; only a failed
 * model call makes its waiters embed again.
 *
 * <p>Thread-safe.
 */
final class EmbeddingLookup {
  /** Embeds a batch of texts: one call to the model. */
  @FunctionalInterface
  interface Embedder {
    List<float[]> embed(List<String> texts);
  }

  private final Cache<CacheKey, float[]> memory;
  private final DiskCache disk; // null without a folder
  private final int dimension;
  private final String modelName;
  private final ConcurrentHashMap<CacheKey, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  EmbeddingLookup(Cache<CacheKey, float[]> memory, DiskCache disk, int dimension, String modelName) {
    this.memory = memory;
    this.disk = disk;
    this.dimension = dimension;
    this.modelName = modelName;
  }

  /**
   * The vector of every key ({@code texts.get(i)} is the text of {@code keys.get(i)}), embedding the missing ones
   * with {@code embedder}. The returned arrays are the cache's own: copy them before handing them out.
   *
   * @throws IllegalStateException if the model returns the wrong number of vectors or a vector of the wrong length
   */
  Map<CacheKey, float[]> find(List<CacheKey> keys, List<String> texts, Embedder embedder, boolean persist) {
    Map<CacheKey, float[]> found = new HashMap<>();
    Map<CacheKey, String> absent = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      CacheKey key = keys.get(i);
      if (found.containsKey(key) || absent.containsKey(key)) {
        continue;
      }
      float[] vector = cached(key);
      if (vector != null) {
        found.put(key, vector);
      } else {
        absent.put(key, texts.get(i));
      }
    }
    int embedded = absent.isEmpty() ? 0 : resolve(absent, found, embedder, persist);
    misses.add(embedded);
    hits.add(keys.size() - embedded);
    return found;
  }

  /** Texts served without embedding them since this lookup was made. */
  long hits() {
    return hits.sum();
  }

  /** Texts embedded since this lookup was made. */
  long misses() {
    return misses.sum();
  }

  /** Claims, embeds and waits for the absent keys (steps 2 to 4); returns how many texts this call embedded. */
  private int resolve(Map<CacheKey, String> absent, Map<CacheKey, float[]> found, Embedder embedder,
      boolean persist) {
    Map<CacheKey, String> claimed = new LinkedHashMap<>();
    Map<CacheKey, CompletableFuture<float[]>> claims = new HashMap<>();
    Map<CacheKey, CompletableFuture<float[]>> others = new LinkedHashMap<>();
    for (Map.Entry<CacheKey, String> entry : absent.entrySet()) {
      CacheKey key = entry.getKey();
      CompletableFuture<float[]> claim = new CompletableFuture<>();
      CompletableFuture<float[]> other = inFlight.putIfAbsent(key, claim);
      if (other != null) {
        others.put(key, other);
        continue;
      }
      float[] vector = cached(key);
      if (vector != null) {
        inFlight.remove(key, claim);
        claim.complete(vector);
        found.put(key, vector);
      } else {
        claimed.put(key, entry.getValue());
        claims.put(key, claim);
      }
    }
    int embedded = 0;
    if (!claimed.isEmpty()) {
      try {
        embedded += embedAndStore(claimed, found, embedder, persist);
        claims.forEach((key, claim) -> claim.complete(found.get(key)));
      } catch (Throwable failure) {
        claims.values().forEach(claim -> claim.completeExceptionally(failure));
        throw failure;
      } finally {
        claims.forEach(inFlight::remove);
      }
    }
    Map<CacheKey, String> orphans = new LinkedHashMap<>();
    for (Map.Entry<CacheKey, CompletableFuture<float[]>> entry : others.entrySet()) {
      try {
        found.put(entry.getKey(), entry.getValue().join());
      } catch (CompletionException | CancellationException e) {
        orphans.put(entry.getKey(), absent.get(entry.getKey()));
      }
    }
    if (!orphans.isEmpty()) {
      embedded += embedAndStore(orphans, found, embedder, persist);
    }
    return embedded;
  }

  /** Embeds the texts of {@code batch} in one call, checks and stores the vectors, and adds them to {@code found}. */
  private int embedAndStore(Map<CacheKey, String> batch, Map<CacheKey, float[]> found, Embedder embedder,
      boolean persist) {
    List<CacheKey> keys = new ArrayList<>(batch.keySet());
    List<String> texts = new ArrayList<>(batch.values());
    List<float[]> returned = embedder.embed(List.copyOf(texts));
    if (returned == null || returned.size() != texts.size()) {
      throw new IllegalStateException(modelName + " returned " + (returned == null ? "null" : returned.size()
          + " vector(s)") + " for " + texts.size() + " text(s)");
    }
    List<float[]> vectors = new ArrayList<>(returned.size());
    for (int i = 0; i < returned.size(); i++) {
      float[] vector = returned.get(i);
      if (vector == null || vector.length != dimension) {
        throw new IllegalStateException(modelName + " returned " + (vector == null ? "null" : "a " + vector.length
            + "-d vector") + " at index " + i + " of " + texts.size() + ", but its dimension is " + dimension);
      }
      vectors.add(vector.clone()); // the cache's own copy, whatever the model does with its array later
    }
    for (int i = 0; i < keys.size(); i++) {
      memory.put(keys.get(i), vectors.get(i));
      found.put(keys.get(i), vectors.get(i));
    }
    if (persist && disk != null) {
      disk.putAll(keys, vectors);
    }
    return keys.size();
  }

  /** The vector of {@code key} from memory, or from the file (then kept in memory); null if neither holds it. */
  private float[] cached(CacheKey key) {
    float[] vector = memory.getIfPresent(key);
    if (vector == null && disk != null) {
      vector = disk.get(key);
      if (vector != null) {
        memory.put(key, vector);
      }
    }
    return vector;
  }
}
