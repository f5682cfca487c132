package dev.quarry.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final Document DOC = new Document("d", "text", Metadata.empty());

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndsItsLine() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), "files", true);

    bar.onStart(2);
    bar.onDocument(DOC, 3);
    bar.onDocument(DOC, 1);
    bar.onStored(4, 4);
    bar.finish();

    assertThat(text.toString()).startsWith("\r[").endsWith(System.lineSeparator())
        .contains("2/2 files read, 4 of 4 chunks embedded").doesNotContain("\u001b");
  }

  @Test
  void elsewhereThereIsNoCarriageReturnAndNoLineForAShortRun() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), "files", false);

    bar.onStart(2);
    bar.onDocument(DOC, 3);
    bar.onStored(3, 3);
    bar.finish();

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void theShareDoneCountsChunksEmbeddedAgainstTheChunksExpected() {
    ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), "files", false);
    bar.onStart(4);
    assertThat(bar.fraction()).isZero();

    bar.onDocument(DOC, 10);
    bar.onDocument(DOC, 10); // half the files read: 40 chunks expected
    assertThat(bar.fraction()).isZero();
    bar.onStored(10, 10);
    assertThat(bar.fraction()).isCloseTo(0.25, within(1e-9));
    bar.onDocument(DOC, 10);
    bar.onDocument(DOC, 10);
    bar.onStored(30, 40);
    assertThat(bar.fraction()).isEqualTo(1.0);
  }
}
