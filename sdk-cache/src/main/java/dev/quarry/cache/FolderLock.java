package dev.quarry.cache;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a cache folder, held through an operating-system lock on the file {@value #NAME}, so that one
 * open cache at a time (in any process) appends to the folder's file. The name differs from a vector store's lock
 * file, so a cache may live in a store's folder.
 *
 * <p>Thread-safe: {@link #close} may be called from any thread, once.
 */
final class FolderLock implements Closeable {
  /** The lock file's name in the folder. */
  static final String NAME = "embeddings.qcache.lock";
  private static final Logger LOG = LoggerFactory.getLogger(FolderLock.class);

  private final Path folder;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path folder, FileChannel channel, FileLock lock) {
    this.folder = folder;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code folder} if needed and locks it.
   *
   * @throws FolderLockedException if another open cache, in this process or another, holds the folder
   * @throws StorageException if the folder or its lock file cannot be created
   */
  static FolderLock acquire(Path folder) {
    FileChannel channel = null;
    try {
      Files.createDirectories(folder);
      channel = FileChannel.open(folder.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another channel of this JVM
      }
      if (lock == null) {
        throw new FolderLockedException(folder, "embedding cache folder " + folder + " is already open (by another"
            + " process, or another CachingEmbeddingModel in this one); close that one first, or give each cache its"
            + " own folder");
      }
      FolderLock held = new FolderLock(folder, channel, lock);
      channel = null;
      return held;
    } catch (IOException e) {
      throw new StorageException(folder, "cannot lock embedding cache folder " + folder + ": " + e, e);
    } finally {
      CacheFile.closeQuietly(channel);
    }
  }

  /** Releases the lock; problems are logged, as the lock goes when the channel or the process does anyway. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("{}: could not release the embedding cache lock: {}", folder, e.toString());
    } finally {
      CacheFile.closeQuietly(channel);
    }
  }
}
