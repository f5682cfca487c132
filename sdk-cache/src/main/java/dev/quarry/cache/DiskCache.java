package dev.quarry.cache;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent tier of a cache: a locked folder, its {@link CacheFile}, and an index from each key to the offset
 * of its record, so that only the keys live on the heap (roughly 100 bytes an entry) and vectors are read on demand.
 *
 * <p>The disk is an optimisation and never fails an embedding call once open: a read that fails, or a record that
 * fails its checksum, is a miss (with a warning); an append that fails stops appends (with one warning) until the
 * cache is reopened, since what the file holds after a failed write is unknown, and the next open cuts whatever was
 * half-written. Appended records reach the operating system at once (they survive the JVM crashing); the file is
 * forced to the disk by the first append {@link #FORCE_INTERVAL_NANOS} nanoseconds or more after the last force,
 * and on {@link #close}, so a power loss may cost the records since the last force, which are then embedded again.
 *
 * <p>Thread-safe: lookups run in parallel; appends are serialised.
 */
final class DiskCache implements Closeable {
  /** The longest appends go on without forcing the file to disk. */
  static final long FORCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);

  private final FolderLock lock;
  private final CacheFile file;
  private final ConcurrentHashMap<CacheKey, Long> offsets;
  private final Object appendLock = new Object();
  private boolean writable = true; // guarded by appendLock
  private long lastForce = System.nanoTime(); // guarded by appendLock
  private volatile boolean closed;
  private volatile boolean readsFailed;

  private DiskCache(FolderLock lock, CacheFile file, ConcurrentHashMap<CacheKey, Long> offsets) {
    this.lock = lock;
    this.file = file;
    this.offsets = offsets;
  }

  /**
   * Locks {@code folder} (creating it if needed), opens or creates its cache file for the model in {@code header},
   * and indexes its records.
   *
   * @throws FolderLockedException if another open cache holds the folder
   * @throws IllegalArgumentException if the folder caches another model identity or dimension
   * @throws IndexCorruptedException if the file is not a cache file, is of a newer format or its header is damaged
   * @throws StorageException if the folder or file cannot be created, read or locked
   */
  static DiskCache open(Path folder, CacheFileHeader header) {
    FolderLock lock = FolderLock.acquire(folder);
    try {
      CacheFile file = CacheFile.open(folder, header);
      try {
        ConcurrentHashMap<CacheKey, Long> offsets = new ConcurrentHashMap<>();
        file.scan(offsets::put);
        return new DiskCache(lock, file, offsets);
      } catch (RuntimeException e) {
        try {
          file.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** The vector of {@code key} read from the file, or null if the file does not hold it (or it cannot be read). */
  float[] get(CacheKey key) {
    Long offset = offsets.get(key);
    if (offset == null || readsFailed) {
      return null;
    }
    try {
      float[] vector = file.read(key, offset);
      if (vector == null) {
        offsets.remove(key, offset);
        LOG.warn("{}: the record at byte offset {} fails its checksum (the file was damaged after it was opened);"
            + " its text will be embedded again", file.path(), offset);
      }
      return vector;
    } catch (ClosedChannelException e) {
      if (!closed) {
        readsFailed = true;
        LOG.warn("{}: the cache file was closed under the cache (a thread interrupted during a read or write closes"
            + " it); the cache serves from memory only until it is reopened", file.path());
      }
      return null;
    } catch (IOException e) {
      LOG.warn("{}: cannot read the record at byte offset {} ({}); its text will be embedded again", file.path(),
          offset, e.toString());
      return null;
    }
  }

  /**
   * Appends the entries whose keys the file does not hold yet (same order and count in both lists), in one batch.
   * Does nothing once closed or after a failed append.
   */
  void putAll(List<CacheKey> keys, List<float[]> vectors) {
    synchronized (appendLock) {
      if (closed || !writable) {
        return;
      }
      List<CacheKey> newKeys = new ArrayList<>(keys.size());
      List<float[]> newVectors = new ArrayList<>(keys.size());
      Set<CacheKey> seen = new HashSet<>();
      for (int i = 0; i < keys.size(); i++) {
        if (!offsets.containsKey(keys.get(i)) && seen.add(keys.get(i))) {
          newKeys.add(keys.get(i));
          newVectors.add(vectors.get(i));
        }
      }
      if (newKeys.isEmpty()) {
        return;
      }
      try {
        long[] at = file.append(newKeys, newVectors);
        for (int i = 0; i < at.length; i++) {
          offsets.put(newKeys.get(i), at[i]);
        }
        long now = System.nanoTime();
        if (now - lastForce >= FORCE_INTERVAL_NANOS) {
          file.force();
          lastForce = now;
        }
      } catch (IOException e) {
        writable = false;
        LOG.warn("{}: cannot append to the embedding cache ({}); it takes no new entries until it is reopened (its"
            + " vectors are still returned, and the next open cuts anything half-written)", file.path(), e.toString());
      }
    }
  }

  /** How many entries the file holds. */
  long size() {
    return offsets.size();
  }

  /**
   * Forces the file to disk, closes it and releases the folder; a second call does nothing.
   *
   * @throws StorageException if the force or the close fails: entries appended since the last force may be lost
   */
  @Override
  public void close() {
    synchronized (appendLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      file.close();
    } catch (IOException e) {
      throw new StorageException(file.path(), "cannot force and close embedding cache file " + file.path() + " ("
          + e + "): entries added since the last force may be lost, and will be embedded again", e);
    } finally {
      lock.close();
    }
  }
}
