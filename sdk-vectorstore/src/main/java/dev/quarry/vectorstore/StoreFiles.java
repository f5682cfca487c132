package dev.quarry.vectorstore;

import dev.quarry.api.FolderLockedException;
import dev.quarry.api.IndexCorruptedException;
import dev.quarry.api.StorageException;
import dev.quarry.api.StoreFailedException;
import dev.quarry.api.store.Metric;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.storage.LogEntry;
import dev.quarry.vectorstore.internal.storage.ScratchRows;
import dev.quarry.vectorstore.internal.storage.VectorFile;
import dev.quarry.vectorstore.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of a persistent store: one checksummed snapshot ({@code snapshot-<generation>.qsnap}) with its
 * vector file ({@code vectors-<generation>.qvec}, memory-mapped) and the write-ahead log of what happened since
 * ({@code wal-<generation>.qlog}), guarded by a {@code quarry.lock} file lock so one process at a time owns the
 * folder; rows written since the checkpoint live in unlinked scratch files ({@code ScratchRows}).
 *
 * <p>Opening reads the newest snapshot, maps its vector file and replays its log. A checkpoint writes and maps
 * the next generation's vector file, writes its snapshot (each: temporary file, fsync, atomic rename, directory
 * fsync), starts its empty log, then deletes the previous generation; a crash at any point leaves a folder that
 * opens to every acknowledged write. A new folder gets its log before its snapshot. So a snapshot's log is
 * missing (or shorter than its header) only when a checkpoint was interrupted before creating it, and then the
 * previous snapshot is still there; without it, the log was lost after it held writes, and opening fails rather
 * than silently drop them.
 *
 * <p>I/O failures are {@link StorageException}s naming the file. A failed write or {@code fsync} of the log is a
 * {@link StoreFailedException}, and the log then refuses every later write: what it holds on disk is unknown. A
 * checkpoint still works then, and is how closing the store recovers: it saves the records in memory (every
 * acknowledged write, none that failed) to a forced snapshot and makes the failed log redundant.
 *
 * <p>Not thread-safe: the store serialises writes and checkpoints.
 */
final class StoreFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);
  static final String LOCK_FILE = "quarry.lock";
  private static final Pattern GENERATION_FILE =
      Pattern.compile("(snapshot|wal|vectors)-(\\d{10,19})\\.(qsnap|qlog|qvec)");

  private final Path folder;
  private final int dimension;
  private final Metric metric;
  private final FsyncPolicy fsync;
  private final boolean truncateCorruptLog;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private long generation;
  private WriteAheadLog log;
  /** When the current snapshot was written: its file's time at open, then each checkpoint's. */
  private volatile Instant lastCheckpoint;
  /** Set when a failed checkpoint could not be undone: writes would then be lost on reopen. */
  private boolean failed;
  /** Why {@link #failed} was set. */
  private Exception failure;

  /** What opening a folder gives: its files and the records they hold. */
  record Opened(StoreFiles files, RecordTable table) {}

  private StoreFiles(Path folder, int dimension, Metric metric, FsyncPolicy fsync, boolean truncateCorruptLog,
      FileChannel lockChannel, FileLock lock) {
    this.folder = folder;
    this.dimension = dimension;
    this.metric = metric;
    this.fsync = fsync;
    this.truncateCorruptLog = truncateCorruptLog;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Locks the folder and recovers its records.
   *
   * @param truncateCorruptLog cut a damaged log at its first bad record, and accept a lost log, instead of failing
   * @throws StorageException if the folder or its files cannot be read, created or written
   */
  static Opened open(Path folder, int dimension, Metric metric, IndexFactory indexes, FsyncPolicy fsync,
      boolean truncateCorruptLog) {
    FileChannel channel = null;
    try {
      Files.createDirectories(folder);
      channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new FolderLockedException(folder, "store folder " + folder
            + " is already open (by another process, or another store in this one)");
      }
      StoreFiles files = new StoreFiles(folder, dimension, metric, fsync, truncateCorruptLog, channel, lock);
      channel = null; // owned by files from here
      try {
        return new Opened(files, files.recover(indexes));
      } catch (RuntimeException | Error e) {
        files.abandon();
        throw e;
      }
    } catch (IOException e) {
      throw new StorageException(folder, "cannot open store folder " + folder + ": " + e, e);
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }
  }

  private RecordTable recover(IndexFactory indexes) throws IOException {
    deleteScratchFiles();
    long newest = newestSnapshot();
    if (newest < 0) {
      return create(indexes);
    }
    generation = newest;
    TableSnapshot.Read read = TableSnapshot.read(snapshotFile(newest), vectorFile(newest), dimension, metric, indexes);
    RecordTable table = read.table();
    lastCheckpoint = Files.getLastModifiedTime(snapshotFile(newest)).toInstant();
    Path logFile = logFile(generation);
    if (!Files.exists(logFile) || Files.size(logFile) < WriteAheadLog.HEADER_BYTES) {
      startLostLog(logFile);
      log = WriteAheadLog.create(logFile, generation, dimension, fsync);
    } else {
      WriteAheadLog.Replay replay = WriteAheadLog.replay(logFile, generation, dimension, truncateCorruptLog,
          entry -> apply(table, entry));
      if (replay.entries() > 0) {
        LOG.debug("{}: replayed {} log entries", folder, replay.entries());
      }
      log = WriteAheadLog.openForAppend(logFile, fsync);
    }
    deleteOtherGenerations();
    if (read.rewriteBecause() != null) {
      LOG.info("{}: writing a checkpoint at open, since {}", folder, read.rewriteBecause());
      try {
        checkpoint(table);
      } catch (StorageException | IllegalStateException e) {
        LOG.warn("{}: could not write it; the folder stays as it was until the next checkpoint: {}", folder,
            e.toString());
      }
    }
    return table;
  }

  /**
   * A new store: its log first, then its (empty) snapshot, so that a snapshot without its log always means a lost
   * log. A crash between the two leaves the log alone, which the next open starts afresh.
   */
  private RecordTable create(IndexFactory indexes) throws IOException {
    generation = 0;
    Files.deleteIfExists(logFile(0)); // one a crash left before the snapshot: it holds no write
    Files.deleteIfExists(vectorFile(0));
    RecordTable table = new RecordTable(dimension, Similarity.of(metric), indexes);
    log = WriteAheadLog.create(logFile(0), 0, dimension, fsync);
    try {
      table.moveOffHeap(TableSnapshot.write(snapshotFile(0), vectorFile(0), 0, dimension, metric, table), folder);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
    lastCheckpoint = Instant.now();
    deleteOtherGenerations();
    return table;
  }

  /**
   * The current snapshot's log is missing or shorter than its header. Fine after a checkpoint interrupted before
   * the log was complete (the previous snapshot is still there then); otherwise the log was lost after it held
   * writes: refused, unless truncating a corrupt log was asked for. Deletes the remains either way.
   */
  private void startLostLog(Path logFile) throws IOException {
    String state = Files.exists(logFile) ? "has only " + Files.size(logFile) + " bytes, less than its "
        + WriteAheadLog.HEADER_BYTES + "-byte header" : "is missing";
    if (generation > 0 && Files.exists(snapshotFile(generation - 1))) {
      LOG.warn("{}: {} {} (a checkpoint was interrupted before it was created); starting it afresh", folder,
          logFile.getFileName(), state);
    } else if (truncateCorruptLog) {
      LOG.warn("{}: {} {}; opening with {} alone as asked (truncateCorruptLog): the writes acknowledged after that"
          + " snapshot, if there were any, are lost", folder, logFile.getFileName(), state,
          snapshotFile(generation).getFileName());
    } else {
      String unexplained = generation == 0 ? "a new store creates its log before its snapshot"
          : "no interrupted checkpoint explains its loss: " + snapshotFile(generation - 1).getFileName()
              + " is gone, and it is deleted only once this log exists";
      throw new IndexCorruptedException(logFile, "the write-ahead log " + state + ". It holds every write"
          + " acknowledged after " + snapshotFile(generation).getFileName() + ", and " + unexplained
          + ". Restore the file, or open the store with EmbeddedVectorStore.Builder.truncateCorruptLog(true) to"
          + " accept losing those writes");
    }
    Files.deleteIfExists(logFile);
  }

  private void apply(RecordTable table, LogEntry entry) {
    switch (entry) {
      case LogEntry.Upsert upsert -> {
        table.upsert(RecordTable.prepare(upsert.records(), dimension, metric));
      }
      case LogEntry.Delete delete -> {
        table.delete(delete.ids());
        table.compactIfNeeded();
      }
    }
  }

  /**
   * Appends a write to the log (forced to disk first under {@link FsyncPolicy#ALWAYS}).
   *
   * @throws StoreFailedException if the append or its force fails, or the log or a checkpoint failed earlier
   */
  void log(LogEntry entry) {
    ensureWritable();
    log.append(entry);
  }

  private void ensureWritable() {
    if (failed) {
      throw new StoreFailedException(folder, "a failed checkpoint left " + folder + " in a state that takes no"
          + " more writes; close the store and open it again", failure);
    }
  }

  /** When the current snapshot was written. */
  Instant lastCheckpoint() {
    return lastCheckpoint;
  }

  long logBytes() {
    return log.size();
  }

  /**
   * Folds the log into a new snapshot generation and starts an empty log. On failure the folder is left as it
   * was: the current log stays the one writes go to (a new snapshot without its log would make a reopen skip
   * them, so it is removed); if even that removal fails, the files refuse further writes.
   *
   * @throws StorageException if the snapshot or the new log cannot be written; writes go on to the current log
   * @throws StoreFailedException if this or an earlier checkpoint failed and could not be undone
   */
  void checkpoint(RecordTable table) {
    ensureWritable();
    long next = generation + 1;
    // Each file atomic: on failure the current generation is as it was (a lone vector file of the next is
    // deleted by the next open or checkpoint).
    VectorFile.Mapped mapped = TableSnapshot.write(snapshotFile(next), vectorFile(next), next, dimension, metric,
        table);
    WriteAheadLog nextLog;
    try {
      nextLog = WriteAheadLog.create(logFile(next), next, dimension, fsync);
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(snapshotFile(next));
      } catch (IOException removal) {
        failed = true;
        failure = e;
        e.addSuppressed(removal);
        throw new StoreFailedException(folder, "a checkpoint of " + folder + " failed (" + e + ") and its new"
            + " snapshot could not be removed; the store takes no more writes: close it and open it again", e);
      }
      throw e;
    }
    WriteAheadLog previous = log;
    log = nextLog;
    generation = next;
    lastCheckpoint = Instant.now();
    table.moveOffHeap(mapped, folder);
    try {
      previous.discard(); // the forced snapshot holds all it held, so it needs no force (and may have failed one)
    } catch (RuntimeException e) {
      LOG.warn("{}: could not close the previous write-ahead log: {}", folder, e.toString());
    }
    deleteOtherGenerations();
  }

  private long newestSnapshot() throws IOException {
    long newest = -1;
    for (Path path : generationFiles()) {
      Matcher matcher = GENERATION_FILE.matcher(path.getFileName().toString());
      if (matcher.matches() && matcher.group(1).equals("snapshot")) {
        newest = Math.max(newest, Long.parseLong(matcher.group(2)));
      }
    }
    // A vector file is written just before its snapshot: one alone is a creation or checkpoint cut short.
    List<Path> files = generationFiles().stream()
        .filter(file -> !file.getFileName().toString().endsWith(".qvec")).toList();
    if (newest < 0 && !files.isEmpty() && !isCreationLeftover(files)) {
      throw new IndexCorruptedException(folder, "the folder has a write-ahead log but no snapshot");
    }
    return newest;
  }

  /** Whether the files are those of a creation a crash interrupted: the first log, holding no record, alone. */
  private boolean isCreationLeftover(List<Path> files) throws IOException {
    return files.size() == 1 && files.getFirst().getFileName().equals(logFile(0).getFileName())
        && Files.size(files.getFirst()) <= WriteAheadLog.HEADER_BYTES;
  }

  private List<Path> generationFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (GENERATION_FILE.matcher(entry.getFileName().toString()).matches()) {
          files.add(entry);
        }
      }
    }
    return files;
  }

  /**
   * Removes files of other generations and temporary files a crashed checkpoint left. A file that cannot be
   * removed (on Windows, one still mapped) is left for the next try, with a warning.
   */
  private void deleteOtherGenerations() {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Matcher matcher = GENERATION_FILE.matcher(name);
        boolean stale = matcher.matches() ? Long.parseLong(matcher.group(2)) != generation
            : (name.startsWith("snapshot-") || name.startsWith("vectors-")) && name.endsWith(".tmp");
        if (stale) {
          try {
            Files.deleteIfExists(entry);
          } catch (IOException e) {
            LOG.warn("{}: could not remove {}: {}", folder, name, e.toString());
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: could not list the files of earlier generations: {}", folder, e.toString());
    }
  }

  /**
   * Removes scratch files an earlier process left: they are unlinked once mapped where the platform allows it, so
   * only one that cannot (Windows) leaves them. Called on open, before this store makes any.
   */
  private void deleteScratchFiles() {
    String glob = ScratchRows.PREFIX + "*" + ScratchRows.SUFFIX;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, glob)) {
      for (Path entry : entries) {
        try {
          Files.deleteIfExists(entry);
        } catch (IOException e) {
          LOG.warn("{}: could not remove {}: {}", folder, entry.getFileName(), e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("{}: could not list scratch files: {}", folder, e.toString());
    }
  }

  private Path snapshotFile(long generation) {
    return folder.resolve(String.format("snapshot-%010d.qsnap", generation));
  }

  private Path vectorFile(long generation) {
    return folder.resolve(String.format("vectors-%010d.qvec", generation));
  }

  private Path logFile(long generation) {
    return folder.resolve(String.format("wal-%010d.qlog", generation));
  }

  Path folder() {
    return folder;
  }

  @Override
  public void close() {
    try {
      log.close();
    } finally {
      closeQuietly();
    }
  }

  /** After a failed open: closes the log if it was opened, and releases the folder. */
  private void abandon() {
    if (log != null) {
      try {
        log.close();
      } catch (RuntimeException e) {
        LOG.warn("{}: could not close the write-ahead log: {}", folder, e.toString());
      }
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("{}: could not release the folder lock: {}", folder, e.toString());
    }
  }
}
