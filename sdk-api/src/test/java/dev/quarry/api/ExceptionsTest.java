package dev.quarry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

  @Test
  void retriableAndNonRetriableShareTheQuarryRootButNotEachOther() {
    RuntimeException retriable = new RetriableException("rate limited");
    RuntimeException nonRetriable = new NonRetriableException("bad model");

    assertThat(retriable).isInstanceOf(QuarryException.class).isNotInstanceOf(NonRetriableException.class);
    assertThat(nonRetriable).isInstanceOf(QuarryException.class).isNotInstanceOf(RetriableException.class);
  }

  @Test
  void indexCorruptedIsNotRetriableAndNamesTheFile() {
    Path file = Path.of("index", "segment-1.qvec");
    IOException cause = new IOException("short read");

    IndexCorruptedException e = new IndexCorruptedException(file, "bad checksum", cause);

    assertThat(e).isInstanceOf(NonRetriableException.class).hasCause(cause);
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.getMessage()).contains(file.toString()).contains("bad checksum");
  }

  @Test
  void causesArePreserved() {
    IOException cause = new IOException("timeout");

    assertThat(new RetriableException("call failed", cause)).hasCause(cause).hasMessage("call failed");
    assertThat(new QuarryException("wrapped", cause)).hasCause(cause);
  }
}
