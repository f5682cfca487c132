package dev.quarry.vectorstore.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link FileChannels.Opener} whose channels fail writes or forces on demand, as a disk that reports an I/O
 * error does. Only files {@code affected} accepts get failing channels. Install with {@link #install}, and always
 * {@link FileChannels#reset} afterwards.
 */
final class FailingChannels implements FileChannels.Opener {
  private final Predicate<Path> affected;
  volatile boolean failWrites;
  volatile boolean failForce;
  /** When not negative, the number of writes that succeed before one throws an {@link OutOfMemoryError}. */
  final AtomicInteger writesBeforeError = new AtomicInteger(-1);
  final AtomicInteger forces = new AtomicInteger();

  private FailingChannels(Predicate<Path> affected) {
    this.affected = affected;
  }

  /** Installs channels that fail (once switched on) for the files whose name ends with {@code suffix}. */
  static FailingChannels install(String suffix) {
    FailingChannels channels = new FailingChannels(file -> file.getFileName().toString().endsWith(suffix));
    FileChannels.use(channels);
    return channels;
  }

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    FileChannel real = FileChannel.open(file, options);
    return affected.test(file) ? new Failing(real) : real;
  }

  private final class Failing extends FileChannel {
    private final FileChannel real;

    Failing(FileChannel real) {
      this.real = real;
    }

    private void checkWrite() throws IOException {
      if (failWrites) {
        throw new IOException("Input/output error (injected)");
      }
      if (writesBeforeError.get() >= 0 && writesBeforeError.getAndDecrement() == 0) {
        throw new OutOfMemoryError("injected between two writes");
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      forces.incrementAndGet();
      if (failForce) {
        throw new IOException("Input/output error (injected fsync failure)");
      }
      real.force(metaData);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      checkWrite();
      return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      checkWrite();
      return real.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      checkWrite();
      return real.write(src, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      checkWrite();
      return real.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
