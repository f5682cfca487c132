package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.tool.RetrieverTool;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent that searches documents through a {@link RetrieverTool}, refining its query. */
class AgenticRagTest {

  /** A <b>test double</b> for {@link Retriever}: finds chunks whose text contains a query word. */
  static final class KeywordRetrieverDouble implements Retriever {
    final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    private final List<Chunk> chunks = List.of(
        new Chunk("faq#0", "faq", "Refunds are paid within 14 days.", Metadata.of(Map.of("source", "faq.md")),
            0, 32),
        new Chunk("terms#3", "terms", "Shipping is free over 50 EUR.", Metadata.empty(), 0, 29));

    @Override
    public List<SearchHit> retrieve(Query query) {
      queries.add(query.text());
      List<SearchHit> hits = new ArrayList<>();
      for (Chunk chunk : chunks) {
        for (String word : query.text().toLowerCase().split("\\s+")) {
          if (chunk.text().toLowerCase().contains(word)) {
            hits.add(new SearchHit(chunk, 1.0));
            break;
          }
        }
      }
      return hits;
    }
  }

  @Test
  void theModelSearchesAgainWhenTheFirstQueryFindsNothing() {
    KeywordRetrieverDouble retriever = new KeywordRetrieverDouble();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .replyWithToolCalls(List.of(new ToolCall("c1", "search_documents", "{\"query\":\"money back\"}")))
        .replyWithToolCalls(List.of(new ToolCall("c2", "search_documents", "{\"query\":\"refunds\"}")))
        .reply("Refunds are paid within 14 days [faq#0].")
        .build();
    Agent agent = Agent.builder(model).tools(RetrieverTool.builder(retriever).build()).build();

    AgentResult result = agent.run("How fast do I get my money back?");

    assertThat(result.answer()).contains("Refunds are paid within 14 days [faq#0].");
    assertThat(retriever.queries).containsExactly("money back", "refunds");
    assertThat(model.requests().getFirst().tools()).extracting(spec -> spec.name())
        .containsExactly("search_documents");
    ToolResultMessage found = (ToolResultMessage) model.lastRequest().messages().getLast();
    assertThat(Fenced.open(found.content())).isEqualTo(
        "[{\"id\":\"faq#0\",\"score\":1.0,\"text\":\"Refunds are paid within 14 days.\","
            + "\"source\":\"faq.md\"}]");
    assertThat(result.trace().toolSteps()).extracting(step -> step.outcome().content())
        .first().isEqualTo("[]");
  }
}
