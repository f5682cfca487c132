package dev.quarry.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.IndexOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HyDE over the real default embedding model (all-MiniLM-L6-v2) and the embedded store, with a scripted writer. */
class HydeRetrieverEndToEndTest {
  private static final Map<String, String> SENTENCES = new LinkedHashMap<>();

  static {
    SENTENCES.put(
        "canberra",
        "Canberra was purpose-built as the seat of the federal government and houses Parliament House.");
    SENTENCES.put("sydney", "Sydney, the largest city in Australia, is known for its harbour and its opera house.");
    SENTENCES.put(
        "photosynthesis",
        "Plants turn sunlight, water and carbon dioxide into glucose and oxygen in their chloroplasts.");
    SENTENCES.put(
        "tides",
        "The gravitational pull of the Moon raises two bulges in the oceans, which the Earth rotates through"
            + " every day.");
    SENTENCES.put(
        "vaccines",
        "Vaccines train the immune system by exposing it to a harmless piece or copy of a pathogen.");
    SENTENCES.put(
        "rust",
        "Rust's borrow checker rejects programs in which a reference could outlive the value it points to.");
    SENTENCES.put("everest", "Mount Everest, on the border of Nepal and China, rises 8,849 metres above sea level.");
    SENTENCES.put("coffee", "Caffeine blocks adenosine receptors in the brain, which delays the feeling of tiredness.");
  }

  /** What a chat model might write for each question: plausible, on topic, worded like a reference text. */
  private static final Map<String, String> PASSAGES =
      Map.of(
          "What is the capital of Australia?",
          "The capital of Australia is Canberra, a planned city chosen as the seat of the federal government,"
              + " where Parliament House stands.",
          "Why does the sea rise and fall twice a day?",
          "Tides are caused by the gravity of the Moon, which pulls the oceans into two bulges; as the Earth"
              + " rotates, each coast passes through both bulges every day.",
          "Why does coffee keep me awake?",
          "Coffee contains caffeine, which blocks the brain's adenosine receptors and so holds off tiredness.");

  private static OnnxEmbeddingModel model;
  private static EmbeddedVectorStore store;

  @BeforeAll
  static void index() {
    model = OnnxEmbeddingModel.builder().build();
    store = EmbeddedVectorStore.builder(model.dimension()).index(IndexOptions.exact()).build();
    List<String> ids = new ArrayList<>(SENTENCES.keySet());
    List<float[]> vectors = model.embedDocuments(new ArrayList<>(SENTENCES.values()));
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String text = SENTENCES.get(ids.get(i));
      Chunk chunk = new Chunk(ids.get(i), ids.get(i), text, Metadata.empty(), 0, text.length());
      records.add(new VectorRecord(chunk, vectors.get(i)));
    }
    store.upsert(records);
  }

  @AfterAll
  static void close() {
    store.close();
    model.close();
  }

  /** Answers with the passage written for the question found in the prompt. */
  private static ScriptedChatModel writer() {
    return ScriptedChatModel.answering(
        request -> {
          String prompt = ((UserMessage) request.messages().get(0)).text();
          String passage =
              PASSAGES.entrySet().stream()
                  .filter(e -> prompt.contains(e.getKey()))
                  .map(Map.Entry::getValue)
                  .findFirst()
                  .orElseThrow();
          return new ChatResponse(AssistantMessage.of(passage), TokenUsage.ZERO, FinishReason.STOP);
        });
  }

  private static String top(List<SearchHit> hits) {
    return hits.get(0).id();
  }

  @Test
  void theHypotheticalPassageFindsTheSentenceThatAnswers() {
    HydeRetriever hyde = HydeRetriever.builder(writer(), model, store).build();

    assertThat(top(hyde.retrieve(Query.of("What is the capital of Australia?").withMaxResults(3))))
        .isEqualTo("canberra");
    assertThat(top(hyde.retrieve(Query.of("Why does the sea rise and fall twice a day?").withMaxResults(3))))
        .isEqualTo("tides");
    assertThat(top(hyde.retrieve(Query.of("Why does coffee keep me awake?").withMaxResults(3)))).isEqualTo("coffee");
  }

  @Test
  void thePassageFindsWhatTheBareQuestionMisses() {
    Query question = Query.of("What is the capital of Australia?").withMaxResults(1);

    List<SearchHit> dense = DenseRetriever.builder(model, store).build().retrieve(question);
    List<SearchHit> hyde = HydeRetriever.builder(writer(), model, store).build().retrieve(question);

    assertThat(top(dense)).as("the question shares its words with the Sydney sentence").isEqualTo("sydney");
    assertThat(top(hyde)).isEqualTo("canberra");
  }

  @Test
  void mixingInTheQuestionKeepsTheAnswerOnTop() {
    HydeRetriever hyde = HydeRetriever.builder(writer(), model, store).questionWeight(0.3).build();

    List<SearchHit> hits = hyde.retrieve(Query.of("Why does the sea rise and fall twice a day?").withMaxResults(2));

    assertThat(top(hits)).isEqualTo("tides");
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
  }
}
