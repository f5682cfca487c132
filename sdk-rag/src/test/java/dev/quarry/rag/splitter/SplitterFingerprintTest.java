package dev.quarry.rag.splitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.WordTokenizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A splitter's fingerprint changes with every setting that moves its cuts, and is absent when one is unknown. */
class SplitterFingerprintTest {

  @Test
  void equalSettingsGiveEqualFingerprintsAndEverySettingCounts() {
    Optional<String> base = RecursiveCharacterSplitter.builder().chunkSize(100).chunkOverlap(10).build().fingerprint();
    assertThat(base).isPresent()
        .isEqualTo(RecursiveCharacterSplitter.builder().chunkSize(100).chunkOverlap(10).build().fingerprint());
    assertThat(List.of(
            RecursiveCharacterSplitter.builder().chunkSize(101).chunkOverlap(10).build().fingerprint(),
            RecursiveCharacterSplitter.builder().chunkSize(100).chunkOverlap(11).build().fingerprint(),
            RecursiveCharacterSplitter.builder().chunkSize(100).chunkOverlap(10).separators(List.of("\n", ""))
                .build().fingerprint(),
            SentenceSplitter.builder().chunkSize(100).chunkOverlap(10).build().fingerprint(),
            MarkdownSplitter.builder().chunkSize(100).chunkOverlap(10).build().fingerprint()))
        .allSatisfy(other -> assertThat(other).isPresent().isNotEqualTo(base))
        .doesNotHaveDuplicates();
  }

  @Test
  void separatorsCannotBeConfusedByHowTheyAreJoined() {
    assertThat(RecursiveCharacterSplitter.builder().separators(List.of("a,b", "")).build().fingerprint())
        .isNotEqualTo(RecursiveCharacterSplitter.builder().separators(List.of("a", "b", "")).build().fingerprint());
  }

  @Test
  void theLocaleOfASentenceSplitterCounts() {
    assertThat(SentenceSplitter.builder().locale(Locale.ENGLISH).build().fingerprint())
        .isNotEqualTo(SentenceSplitter.builder().locale(Locale.GERMAN).build().fingerprint());
  }

  @Test
  void aTokenSplitterNamesItsTokenizer() {
    Optional<String> words = TokenSplitter.builder(new WordTokenizer(WordTokenizer.WHOLE_WORDS)).build().fingerprint();
    assertThat(words).isPresent().hasValueSatisfying(f -> assertThat(f).contains("word-tokenizer"));
    assertThat(TokenSplitter.builder(new WordTokenizer(4)).build().fingerprint()).isPresent().isNotEqualTo(words);
  }

  @Test
  void anUnknownMeasureHasNoFingerprint() {
    assertThat(TokenSplitter.builder(text -> text.length() / 4 + 1).build().fingerprint()).isEmpty();
    assertThat(RecursiveCharacterSplitter.builder().lengthFunction(String::length).build().fingerprint()).isEmpty();
    assertThat(MarkdownSplitter.builder().lengthFunction(String::length).build().fingerprint()).isEmpty();
    assertThat(((DocumentSplitter) document -> List.of()).fingerprint()).isEmpty();
  }
}
