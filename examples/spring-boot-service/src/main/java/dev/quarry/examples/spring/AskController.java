package dev.quarry.examples.spring;

import dev.quarry.api.chat.TokenUsage;
import dev.quarry.rag.budget.Passage;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.Citation;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.rag.pipeline.Timings;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ask}: the starter's RAG pipeline. With a chat model the answer is generated ({@code GENERATED});
 * without one it is quoted from the best passages ({@code EXTRACTIVE}), or {@code NOT_FOUND}.
 */
@RestController
class AskController {
  /** The longest passage text shown with a citation. */
  static final int SNIPPET_CHARS = 300;

  private final Rag rag;

  AskController(Rag rag) {
    this.rag = rag;
  }

  /** The answer, its citations ({@code [n]} in the text), where the time went and the chat model's tokens. */
  record AskResponse(String question, String answer, String kind, List<CitationView> citations,
      TimingsView timingsMs, UsageView usage) {}

  /**
   * A cited passage.
   *
   * @param number as the answer shows it, {@code [number]}
   * @param text the start of the passage
   */
  record CitationView(int number, String documentId, String source, String text) {}

  /** Milliseconds spent retrieving, packing the context, generating (or extracting), and in all. */
  record TimingsView(long retrieve, long pack, long generate, long total) {
    static TimingsView of(Timings timings) {
      return new TimingsView(timings.retrieve().toMillis(), timings.pack().toMillis(),
          timings.generate().toMillis(), timings.total().toMillis());
    }
  }

  /** Tokens of the chat model calls; zero for extractive answers. */
  record UsageView(int inputTokens, int outputTokens, int totalTokens) {
    static UsageView of(TokenUsage usage) {
      return new UsageView(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
    }
  }

  @PostMapping(path = "/ask", consumes = MediaType.APPLICATION_JSON_VALUE)
  AskResponse ask(@Valid @RequestBody QuestionRequest request) {
    Answer answer = rag.ask(request.question());
    List<Passage> passages = answer.context().passages();
    List<CitationView> citations = answer.citations().stream().map(citation -> citation(citation, passages))
        .toList();
    return new AskResponse(answer.question(), answer.text(), answer.kind().name(), citations,
        TimingsView.of(answer.timings()), UsageView.of(answer.usage()));
  }

  private static CitationView citation(Citation citation, List<Passage> passages) {
    String text = citation.passage() <= passages.size() ? passages.get(citation.passage() - 1).text() : "";
    return new CitationView(citation.number(), citation.documentId(), citation.source().orElse(citation.documentId()),
        snippet(text));
  }

  static String snippet(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1).strip() + "…";
  }
}
