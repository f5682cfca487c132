package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairEncoderTest {
  private static final long CLS = 101;
  private static final long SEP = 102;
  private static final long CAPITAL = 3007;
  private static final long PARIS = 3000;
  private static final long LONDON = 2414;
  /** Sequence id the tokenizer gives special tokens, which belong to neither text. */
  private static final long NONE = -1;

  @TempDir static Path dir;
  private static PairEncoder encoder;

  @BeforeAll
  static void load() throws Exception {
    encoder = PairEncoder.load(CrossEncoderFixtures.miniLmTokenizer(dir));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void encodesTheQueryThenThePassageWithBertsSpecialTokensAndTypes() {
    EncodedSequence[] pairs = encoder.encode("Capital?", List.of("Paris, London", ""), 512);
    assertThat(pairs[0].ids()).containsExactly(CLS, CAPITAL, 1029, SEP, PARIS, 1010, LONDON, SEP);
    assertThat(pairs[0].types()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(pairs[1].ids()).containsExactly(CLS, CAPITAL, 1029, SEP, SEP);
    assertThat(pairs[1].types()).containsExactly(0, 0, 0, 0, 1);
  }

  @Test
  void readsTheTruncationLengthWrittenInTheTokenizerJson() {
    assertThat(encoder.declaredMaxLength()).isEqualTo(128);
  }

  @Test
  void truncationDropsTheEndOfThePassageAndKeepsTheClosingToken() {
    long[] ids = {CLS, CAPITAL, SEP, PARIS, LONDON, PARIS, SEP};
    long[] types = {0, 0, 0, 1, 1, 1, 1};
    long[] sequences = {NONE, 0, NONE, 1, 1, 1, NONE};
    EncodedSequence cut = PairEncoder.truncate(ids, types, sequences, 5);
    assertThat(cut.ids()).containsExactly(CLS, CAPITAL, SEP, PARIS, SEP);
    assertThat(cut.types()).containsExactly(0, 0, 0, 1, 1);
    EncodedSequence whole = PairEncoder.truncate(ids, types, sequences, 7);
    assertThat(whole.ids()).containsExactly(ids);
  }

  @Test
  void truncationRefusesAQueryThatFillsTheLimitWhateverThePassage() {
    long[] ids = {CLS, CAPITAL, CAPITAL, SEP, SEP};
    long[] sequences = {NONE, 0, 0, NONE, NONE};
    // The empty passage fits in 5, but a query of 4 tokens with its special tokens leaves no room for any passage.
    assertThatThrownBy(() -> PairEncoder.truncate(ids, new long[5], sequences, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the query takes 5 tokens");
    assertThat(PairEncoder.truncate(ids, new long[5], sequences, 6).ids()).containsExactly(ids);
  }

  @Test
  void truncationRefusesAPassageSplitApart() {
    long[] sequences = {NONE, 1, 0, 1, NONE};
    assertThatThrownBy(() -> PairEncoder.truncate(new long[5], new long[5], sequences, 4))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("splits a passage");
  }
}
