package dev.quarry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of a {@link CacheFile} when it is opened, checking each one's CRC32C, and repairs what it can:
 *
 * <ol>
 *   <li>Every record that passes its checksum goes to the sink with its byte offset, in file order (so a key written
 *       twice ends up at its later record).
 *   <li>The <em>tail</em>, everything after the last good record (records that fail their checksum and a partial
 *       record), is what a crash during an append leaves. It is cut off, with a warning.
 *   <li>A record that fails its checksum <em>before</em> the last good record is skipped, with a warning naming the
 *       file and its byte offset. Records have a fixed length, so damage to one cannot shift the others, and a
 *       cache entry that is lost only costs embedding its text again; failing the whole cache for it would cost
 *       every entry. The damaged bytes stay in the file (and the warning comes back at each open) until the file
 *       is deleted.
 * </ol>
 *
 * <p>One instance reads one file once, on one thread.
 */
final class CacheFileScan {
  private static final Logger LOG = LoggerFactory.getLogger(CacheFileScan.class);
  /** Offsets of damaged records named in a warning; the rest are counted. */
  private static final int OFFSETS_NAMED = 10;

  private final Path file;
  private final FileChannel channel;
  private final int headerBytes;
  private final int recordBytes;
  private final int chunkRecords;

  /**
   * What a scan found.
   *
   * @param records the records that passed their checksum
   * @param skipped the byte offsets of the damaged records before the last good one, which were skipped
   * @param validEnd where the last good record ends: the file's length after the scan
   * @param bytesCut the bytes of a torn tail cut off after {@code validEnd} (0 if none)
   */
  record Result(long records, List<Long> skipped, long validEnd, long bytesCut) {}

  CacheFileScan(Path file, FileChannel channel, int headerBytes, int recordBytes, int chunkBytes) {
    this.file = file;
    this.channel = channel;
    this.headerBytes = headerBytes;
    this.recordBytes = recordBytes;
    this.chunkRecords = Math.max(1, chunkBytes / recordBytes);
  }

  Result run(BiConsumer<CacheKey, Long> sink) throws IOException {
    long size = channel.size();
    long complete = (size - headerBytes) / recordBytes;
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(chunkRecords, Math.max(1, complete)) * recordBytes);
    List<Long> bad = new ArrayList<>();
    long records = 0;
    long validEnd = headerBytes;
    long position = headerBytes;
    for (long done = 0; done < complete; ) {
      int count = (int) Math.min(chunkRecords, complete - done);
      chunk.clear().limit(count * recordBytes);
      FileReads.readExactly(channel, chunk, position);
      for (int i = 0; i < count; i++) {
        long offset = position + (long) i * recordBytes;
        if (RecordCodec.verifies(chunk, i * recordBytes, recordBytes)) {
          sink.accept(RecordCodec.key(chunk, i * recordBytes), offset);
          records++;
          validEnd = offset + recordBytes;
        } else {
          bad.add(offset);
        }
      }
      done += count;
      position += (long) count * recordBytes;
    }
    final long goodEnd = validEnd;
    List<Long> skipped = bad.stream().filter(offset -> offset < goodEnd).toList();
    long bytesCut = size - validEnd;
    if (!skipped.isEmpty()) {
      LOG.warn("{}: skipped {} damaged record(s) that fail their checksum, at byte offset(s) {}{}; kept the {} good"
          + " records (records have a fixed length, so the damage shifts nothing). The skipped texts will be embedded"
          + " again when asked for; delete the file to clear this warning", file, skipped.size(),
          skipped.subList(0, Math.min(OFFSETS_NAMED, skipped.size())),
          skipped.size() > OFFSETS_NAMED ? " and " + (skipped.size() - OFFSETS_NAMED) + " more" : "", records);
    }
    if (bytesCut > 0) {
      channel.truncate(validEnd);
      channel.force(true);
      LOG.warn("{}: cut a torn tail of {} bytes at byte offset {} ({} whole record(s) failing their checksum and {}"
          + " bytes of a partial record: what a crash during a write leaves), after {} good records; those texts will"
          + " be embedded again when asked for", file, bytesCut, validEnd, bad.size() - skipped.size(),
          (size - headerBytes) % recordBytes, records);
    }
    return new Result(records, skipped, validEnd, bytesCut);
  }
}
