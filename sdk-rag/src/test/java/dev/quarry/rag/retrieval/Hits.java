package dev.quarry.rag.retrieval;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;

/** Builds the hits and chunks the retrieval tests feed their test doubles. */
final class Hits {
  private Hits() {}

  /** A chunk {@code id} of document "doc" whose text is "text of {@code id}". */
  static Chunk chunk(String id) {
    String text = "text of " + id;
    return new Chunk(id, "doc", text, Metadata.empty(), 0, text.length());
  }

  static SearchHit hit(String id, double score) {
    return new SearchHit(chunk(id), score);
  }

  /** Hits for {@code ids} in that order, scored n, n-1, ..., 1. */
  static List<SearchHit> ranked(String... ids) {
    List<SearchHit> hits = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      hits.add(hit(ids[i], ids.length - i));
    }
    return hits;
  }

  static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }

  static List<Double> scores(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::score).toList();
  }
}
