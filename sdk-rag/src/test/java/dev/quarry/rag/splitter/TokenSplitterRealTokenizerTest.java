package dev.quarry.rag.splitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.HuggingFaceTokenizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TokenSplitter with the word-piece tokenizer of the default embedding model, on English and CJK text. */
class TokenSplitterRealTokenizerTest {
  private static HuggingFaceTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = HuggingFaceTokenizer.load(EmbeddingPreset.ALL_MINILM_L6_V2);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void chunksFitTheModelsTokenLimitAndRecoverTheSourceExactly() {
    Random random = new Random(11);
    String[] words = {"protein", "binding", "affinity", "of", "the", "receptor", "was", "measured", "in", "vivo.",
        "蛋白质", "结合", "测定。", "タンパク質の", "測定！", "(p<0.05)", "β-catenin", "\n\n", "\n"};
    for (int run = 0; run < 40; run++) {
      StringBuilder text = new StringBuilder();
      int n = 50 + random.nextInt(600);
      for (int i = 0; i < n; i++) {
        text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "" : " ");
      }
      Document document = Document.of("doc" + run, text.toString());
      int size = 16 + random.nextInt(100);
      int overlap = random.nextInt(size / 2);
      List<Chunk> chunks = TokenSplitter.builder(tokenizer).chunkSize(size).chunkOverlap(overlap).build()
          .split(document);

      assertThat(chunks).isNotEmpty();
      int previousStart = -1;
      for (Chunk chunk : chunks) {
        assertThat(tokenizer.countTokens(chunk.text())).isLessThanOrEqualTo(size);
        assertThat(document.text().substring(chunk.startOffset(), chunk.endOffset())).isEqualTo(chunk.text());
        assertThat(chunk.startOffset()).isGreaterThan(previousStart);
        previousStart = chunk.startOffset();
      }
      for (int i = 1; i < chunks.size(); i++) {
        int shared = Math.max(0, chunks.get(i - 1).endOffset() - chunks.get(i).startOffset());
        String overlapText = document.text().substring(chunks.get(i).startOffset(),
            chunks.get(i).startOffset() + Math.min(shared, chunks.get(i).length()));
        assertThat(tokenizer.countTokens(overlapText)).isLessThanOrEqualTo(overlap);
      }
    }
  }
}
