package dev.quarry.rag.retrieval;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.RetrieverContract;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Every retriever of this module keeps the {@link Retriever} contract, over the embedded store and BM25. */
class RetrieverContractTest {
  private static final int DIMENSION = 64;

  /** A suite that closes the stores and indexes its tests open. */
  abstract class Indexed extends RetrieverContract {
    private final List<AutoCloseable> opened = new ArrayList<>();
    final HashingEmbeddingModel model = new HashingEmbeddingModel(DIMENSION);

    @AfterEach
    void closeAll() throws Exception {
      for (AutoCloseable resource : opened) {
        resource.close();
      }
    }

    DenseRetriever dense(List<Chunk> chunks, IndexOptions index) {
      EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIMENSION).index(index).build();
      opened.add(store);
      List<VectorRecord> records = new ArrayList<>();
      for (Chunk chunk : chunks) {
        records.add(new VectorRecord(chunk, model.vector(chunk.text())));
      }
      store.upsert(records);
      return DenseRetriever.builder(model, store).build();
    }

    Bm25Retriever bm25(List<Chunk> chunks) {
      Bm25Index index = Bm25Index.builder().build();
      opened.add(index);
      index.upsert(chunks);
      return Bm25Retriever.builder(index).build();
    }
  }

  @Nested
  class DenseOverExactSearch extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return dense(chunks, IndexOptions.exact());
    }
  }

  @Nested
  class DenseOverHnsw extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return dense(chunks, IndexOptions.hnsw());
    }
  }

  @Nested
  class Bm25 extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return bm25(chunks);
    }
  }

  @Nested
  class HybridByRrf extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return HybridRetriever.builder(dense(chunks, IndexOptions.hnsw()), bm25(chunks)).build();
    }
  }

  @Nested
  class HybridByConvexFusion extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return HybridRetriever.builder(dense(chunks, IndexOptions.exact()), bm25(chunks))
          .fusion(Fusion.convex(0.6, Normalization.MIN_MAX))
          .depth(5)
          .build();
    }
  }

  @Nested
  class RerankingBm25 extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      return RerankingRetriever.builder(bm25(chunks), new StubReranker(RetrieverContractTest::sharedWords)).build();
    }
  }

  @Nested
  class MultiQueryOverDense extends Indexed {
    @Override
    protected Retriever retrieverOver(List<Chunk> chunks) {
      ScriptedChatModel rewriter = ScriptedChatModel.answering(request -> {
        String question = question((UserMessage) request.messages().getLast());
        return new ChatResponse(AssistantMessage.of(question + " explained\nabout " + question),
            TokenUsage.ZERO, FinishReason.STOP);
      });
      return MultiQueryRetriever.builder(rewriter, dense(chunks, IndexOptions.exact())).rewrites(2).build();
    }
  }

  /** The question at the end of the rewrite prompt. */
  private static String question(UserMessage prompt) {
    String text = prompt.text().strip();
    return text.substring(text.lastIndexOf("Question: ") + "Question: ".length());
  }

  /** The reranker double's scores: how many of the query's words each passage holds, per word of the passage. */
  private static float[] sharedWords(String query, List<String> passages) {
    Set<String> queryWords = words(query);
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      Set<String> passageWords = words(passages.get(i));
      long shared = passageWords.stream().filter(queryWords::contains).count();
      scores[i] = (float) (shared / Math.sqrt(passageWords.size()));
    }
    return scores;
  }

  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>(List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
    words.remove("");
    return words;
  }
}
