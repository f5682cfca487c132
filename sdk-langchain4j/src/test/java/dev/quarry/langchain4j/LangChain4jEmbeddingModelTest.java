package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A LangChain4j embedding model (a word-hash test double) behind Quarry's embedding contract. */
class LangChain4jEmbeddingModelTest {

  @Test
  void embedsDocumentsInOrderAndQueriesWithTheConfiguredPrefixes() {
    WordHashTestEmbeddingModel lc4j = new WordHashTestEmbeddingModel(16, false);
    LangChain4jEmbeddingModel model =
        LangChain4jEmbeddingModel.builder(lc4j).dimension(16).queryPrefix("query: ").documentPrefix("passage: ").build();

    List<float[]> documents = model.embedDocuments(List.of("red apples", "green pears"));
    float[] query = model.embedQuery("apples");

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0)).containsExactly(lc4j.vector("passage: red apples"));
    assertThat(documents.get(1)).containsExactly(lc4j.vector("passage: green pears"));
    assertThat(query).containsExactly(lc4j.vector("query: apples"));
    assertThat(lc4j.calls())
        .containsExactly(
            new WordHashTestEmbeddingModel.Call(List.of("passage: red apples", "passage: green pears"), null),
            new WordHashTestEmbeddingModel.Call(List.of("query: apples"), null));
  }

  @Test
  void tellsAModelThatDeclaresInputTypesWhichOneItGets() {
    WordHashTestEmbeddingModel lc4j = new WordHashTestEmbeddingModel(8, true);
    LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(lc4j).dimension(8).build();

    model.embedDocuments(List.of("a passage"));
    model.embedQuery("a question");

    assertThat(lc4j.calls())
        .extracting(WordHashTestEmbeddingModel.Call::inputType)
        .containsExactly(EmbeddingInputType.DOCUMENT, EmbeddingInputType.QUERY);
  }

  @Test
  void asksTheModelForItsDimensionOnlyWhenNotGiven() {
    WordHashTestEmbeddingModel lc4j = new WordHashTestEmbeddingModel(12, false);

    LangChain4jEmbeddingModel asked = LangChain4jEmbeddingModel.builder(lc4j).build();
    int callsAfterAsking = lc4j.calls().size();
    LangChain4jEmbeddingModel given = LangChain4jEmbeddingModel.builder(lc4j).dimension(12).build();

    assertThat(asked.dimension()).isEqualTo(12);
    assertThat(callsAfterAsking).isEqualTo(1);
    assertThat(given.dimension()).isEqualTo(12);
    assertThat(lc4j.calls()).hasSize(1);
  }

  @Test
  void returnsFreshArraysTheCallerOwns() {
    WordHashTestEmbeddingModel lc4j = new WordHashTestEmbeddingModel(8, false);
    LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(lc4j).dimension(8).build();

    float[] first = model.embedQuery("same text");
    first[0] = 42;

    assertThat(model.embedQuery("same text")).containsExactly(lc4j.vector("same text"));
  }

  @Test
  void aVectorOfTheWrongDimensionIsAnError() {
    LangChain4jEmbeddingModel model =
        LangChain4jEmbeddingModel.builder(new WordHashTestEmbeddingModel(8, false)).dimension(16).build();

    assertThatThrownBy(() -> model.embedQuery("text"))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("8 dimensions, expected 16");
  }

  @Test
  void aRateLimitIsRetriable() {
    /* Test double: a LangChain4j embedding model that is always rate limited. */
    EmbeddingModel rateLimited =
        new EmbeddingModel() {
          @Override
          public EmbeddingResponse doEmbed(EmbeddingRequest request) {
            throw new RateLimitException("429 Too Many Requests");
          }
        };
    LangChain4jEmbeddingModel model = LangChain4jEmbeddingModel.builder(rateLimited).dimension(4).build();

    assertThatThrownBy(() -> model.embedDocuments(List.of("text")))
        .isInstanceOf(RetriableException.class)
        .hasCauseInstanceOf(RateLimitException.class);
  }

  @Test
  void refusesBlankTextAndBadOptions() {
    LangChain4jEmbeddingModel model =
        LangChain4jEmbeddingModel.builder(new WordHashTestEmbeddingModel(8, false)).dimension(8).build();

    assertThatThrownBy(() -> model.embedQuery(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedDocuments(List.of("ok", ""))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text 1");
    assertThat(model.embedDocuments(List.of())).isEmpty();
    assertThatThrownBy(() -> LangChain4jEmbeddingModel.builder(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LangChain4jEmbeddingModel.builder(new WordHashTestEmbeddingModel(8, false)).dimension(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
