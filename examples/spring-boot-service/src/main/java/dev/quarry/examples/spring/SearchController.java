package dev.quarry.examples.spring;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.SourceMetadata;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /search?q=...&k=...}: the starter's retriever (hybrid by default), best hits first. */
@RestController
class SearchController {
  /** Hits returned when {@code k} is not given. */
  static final int DEFAULT_K = 10;
  /** The most hits one search returns. */
  static final int MAX_K = 100;

  private final Retriever retriever;

  SearchController(Retriever retriever) {
    this.retriever = retriever;
  }

  /** The answer: the query, and its hits, best first. */
  record SearchResponse(String query, int k, List<Hit> hits, long tookMs) {}

  /**
   * One chunk found.
   *
   * @param id the chunk id, {@code documentId#index}
   * @param source the file it came from (an upload's name, or a path on the server)
   * @param metadata every metadata value of the chunk (title, content type, chunk index...)
   */
  record Hit(String id, String documentId, double score, String text, String source, Map<String, Object> metadata) {}

  @GetMapping("/search")
  SearchResponse search(
      @RequestParam @NotBlank(message = "q must not be blank: give the text to search for, e.g. /search?q=refunds")
      @Size(max = QuestionRequest.MAX_LENGTH, message = "q must be at most {max} characters") String q,
      @RequestParam(defaultValue = "" + DEFAULT_K)
      @Min(value = 1, message = "k must be between 1 and " + MAX_K)
      @Max(value = MAX_K, message = "k must be between 1 and " + MAX_K) int k) {
    long start = System.nanoTime();
    List<SearchHit> hits = retriever.retrieve(Query.of(q).withMaxResults(k));
    return new SearchResponse(q, k, hits.stream().map(SearchController::hit).toList(),
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  private static Hit hit(SearchHit hit) {
    Map<String, Object> metadata = new TreeMap<>(hit.chunk().metadata().asMap());
    metadata.remove(Ingestor.CONTENT_HASH); // bookkeeping of the ingestor, of no use to a client
    return new Hit(hit.id(), hit.chunk().documentId(), hit.score(), hit.chunk().text(),
        hit.chunk().metadata().getString(SourceMetadata.SOURCE).orElse(hit.chunk().documentId()), metadata);
  }
}
