package dev.quarry.rag.bm25;

import static dev.quarry.rag.bm25.Bm25IndexTest.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Bm25AnalyzerTest {

  private static List<String> search(Bm25Analyzer analyzer, List<String> texts, String query) {
    try (Bm25Index index = Bm25Index.builder().analyzer(analyzer).build()) {
      for (int i = 0; i < texts.size(); i++) {
        index.upsert(List.of(chunk("t" + i, texts.get(i), Map.of())));
      }
      return index.search(query, 10).stream().map(SearchHit::id).toList();
    }
  }

  @Test
  void englishMatchesOtherFormsOfAWordAndIgnoresStopWords() {
    List<String> texts = List.of("She runs every morning.", "The cat's toys.", "A quiet evening.");

    assertThat(search(Bm25Analyzer.ENGLISH, texts, "running")).containsExactly("t0");
    assertThat(search(Bm25Analyzer.ENGLISH, texts, "RUN")).containsExactly("t0");
    assertThat(search(Bm25Analyzer.ENGLISH, texts, "cat toy")).containsExactly("t1");
    assertThat(search(Bm25Analyzer.ENGLISH, texts, "the a every")).containsExactly("t0");
  }

  @Test
  void standardKeepsEveryWordAsItIsButInLowerCase() {
    List<String> texts = List.of("She runs every morning.", "The end.");

    assertThat(search(Bm25Analyzer.STANDARD, texts, "running")).isEmpty();
    assertThat(search(Bm25Analyzer.STANDARD, texts, "RUNS")).containsExactly("t0");
    assertThat(search(Bm25Analyzer.STANDARD, texts, "the")).containsExactly("t1");
  }

  @Test
  void smartChineseFindsAPassageByAWordInIt() {
    List<String> texts = List.of(
        "我们的太阳系有八大行星，地球是其中之一。",
        "今天北京的天气很好，适合去公园散步。",
        "他在图书馆里读了一本关于历史的书。");

    assertThat(search(Bm25Analyzer.SMART_CHINESE, texts, "天气")).containsExactly("t1");
    // Segmentation depends on context: in this sentence 行星 comes out as 行|星, while 太阳系 and 地球 stay whole.
    assertThat(search(Bm25Analyzer.SMART_CHINESE, texts, "太阳系")).containsExactly("t0");
    assertThat(search(Bm25Analyzer.SMART_CHINESE, texts, "地球")).containsExactly("t0");
    assertThat(search(Bm25Analyzer.SMART_CHINESE, texts, "图书馆")).containsExactly("t2");
  }

  @ParameterizedTest
  @EnumSource(Bm25Analyzer.class)
  void aWordTooLongForLuceneIsCutNotRefused(Bm25Analyzer analyzer) {
    String giant = "a".repeat(40_000);

    assertThat(search(analyzer, List.of(giant + " tail"), giant)).containsExactly("t0");
  }
}
