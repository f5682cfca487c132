package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.ids;
import static dev.quarry.rag.retrieval.Hits.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultiQueryRetrieverTest {
  private static final String Q = "how do vaccines work";

  @Test
  void asksTheModelForNRewritesOfTheQuestion() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("immune response to vaccination").build();

    MultiQueryRetriever.builder(model, StubRetriever.returning(List.of())).build().retrieve(Query.of(Q));

    ChatRequest request = model.lastRequest();
    assertThat(request.messages()).singleElement().isInstanceOf(UserMessage.class);
    String prompt = ((UserMessage) request.messages().get(0)).text();
    assertThat(prompt).isEqualTo(MultiQueryRetriever.DEFAULT_PROMPT.replace("{n}", "3").replace("{question}", Q));
    assertThat(prompt).contains("Write 3 different versions").endsWith("Question: " + Q);
  }

  @Test
  void retrievesTheOriginalAndEveryRewriteWithTheFilterAndFusesByRrf() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .reply("1. vaccine immune response\n2. how immunization works\n3. mRNA vaccines")
            .build();
    StubRetriever retriever =
        StubRetriever.byText(
            Map.of(
                Q, ranked("a", "b"),
                "vaccine immune response", ranked("b", "c"),
                "how immunization works", ranked("b")));
    Filter medical = Filter.eq("topic", "medicine");

    List<SearchHit> hits =
        MultiQueryRetriever.builder(model, retriever)
            .build()
            .retrieve(Query.of(Q).withMaxResults(5).withFilter(medical));

    assertThat(retriever.queries())
        .extracting(Query::text)
        .containsExactlyInAnyOrder(Q, "vaccine immune response", "how immunization works", "mRNA vaccines");
    assertThat(retriever.queries())
        .allSatisfy(q -> assertThat(q.filter()).isEqualTo(Optional.of(medical)))
        .allSatisfy(q -> assertThat(q.maxResults()).isEqualTo(MultiQueryRetriever.DEFAULT_DEPTH));
    assertThat(ids(hits)).containsExactly("b", "a", "c");
    assertThat(hits.get(0).score()).isCloseTo(1.0 / 62 + 1.0 / 61 + 1.0 / 61, within(1e-12));
    assertThat(hits.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
    assertThat(hits.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
  }

  @Test
  void cutsTheFusedListToMaxResultsAndAsksAtLeastThatMany() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("other wording").build();
    StubRetriever retriever = StubRetriever.returning(ranked("a", "b", "c", "d"));

    List<SearchHit> hits =
        MultiQueryRetriever.builder(model, retriever).depth(2).build().retrieve(Query.of(Q).withMaxResults(3));

    assertThat(retriever.queries()).extracting(Query::maxResults).containsOnly(3);
    assertThat(ids(hits)).containsExactly("a", "b", "c");
  }

  @Test
  void messyRepliesAreCleanedAndCappedAtN() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .reply("Here are 2 rewrites:\n\n- \"" + Q + "\"\n- \"vaccine mechanism\"\n"
                + "- 'immunity from shots'\n- extra one")
            .build();
    StubRetriever retriever = StubRetriever.returning(List.of());

    MultiQueryRetriever.builder(model, retriever).rewrites(2).build().retrieve(Query.of(Q));

    assertThat(retriever.queries())
        .extracting(Query::text)
        .containsExactlyInAnyOrder(Q, "vaccine mechanism", "immunity from shots");
  }

  @Test
  void fallsBackToTheQuestionAloneWhenTheReplyHasNoUsableRewrite() {
    ScriptedChatModel model =
        ScriptedChatModel.builder()
            .reply("1. " + Q + "?")
            .replyWithToolCalls(List.of(new ToolCall("c1", "search", "{}")))
            .build();
    StubRetriever retriever = StubRetriever.returning(ranked("a", "b"));
    MultiQueryRetriever multi = MultiQueryRetriever.builder(model, retriever).build();

    List<SearchHit> repeated = multi.retrieve(Query.of(Q));
    List<SearchHit> toolCallsOnly = multi.retrieve(Query.of(Q));

    assertThat(retriever.queries()).extracting(Query::text).containsExactly(Q, Q);
    assertThat(ids(repeated)).containsExactly("a", "b");
    assertThat(ids(toolCallsOnly)).containsExactly("a", "b");
    assertThat(repeated.get(0).score()).isCloseTo(1.0 / 61, within(1e-12));
  }

  @Test
  void aModelFailurePropagatesUnchangedAndNothingIsRetrieved() {
    RetriableException busy = new RetriableException("model overloaded");
    ScriptedChatModel model = ScriptedChatModel.builder().fail(busy).build();
    StubRetriever retriever = StubRetriever.returning(ranked("a"));

    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).build().retrieve(Query.of(Q)))
        .isSameAs(busy);
    assertThat(retriever.queries()).isEmpty();
  }

  @Test
  void aFailedRetrievalNamesItsQuery() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("first\nsecond").build();
    StubRetriever retriever =
        StubRetriever.answering(
            q -> {
              if (q.text().equals("second")) {
                throw new IllegalStateException("store closed");
              }
              return ranked("a");
            });

    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).build().retrieve(Query.of(Q)))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("retrieval for 'second' failed: store closed");
  }

  @Test
  void aCustomPromptIsFilledWithoutRescanningTheQuestion() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();

    MultiQueryRetriever.builder(model, StubRetriever.returning(List.of()))
        .rewrites(2)
        .prompt("Give {n} variants of: {question}")
        .build()
        .retrieve(Query.of("what does {n} mean in {question}"));

    assertThat(model.lastRequest().messages())
        .containsExactly(new UserMessage("Give 2 variants of: what does {n} mean in {question}"));
  }

  @Test
  void rejectsBadConfiguration() {
    ScriptedChatModel model = ScriptedChatModel.builder().reply("x").build();
    StubRetriever retriever = StubRetriever.returning(List.of());

    assertThatThrownBy(() -> MultiQueryRetriever.builder(null, retriever)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).rewrites(0))
        .hasMessageContaining("rewrites must be > 0, was 0");
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).depth(-1)).hasMessageContaining("depth");
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).rrfK(0)).hasMessageContaining("RRF k");
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).prompt("Rewrite this {n} times"))
        .hasMessageContaining("{question}");
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).prompt(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultiQueryRetriever.builder(model, retriever).executor(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
