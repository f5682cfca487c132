package dev.quarry.rag.pipeline;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.budget.FencedText;
import java.util.List;
import java.util.Map;

/** The retrieved hits the pipeline tests answer from: two short documents about a lighthouse. */
final class Passages {
  private Passages() {}

  static final String LIGHTHOUSE =
      "The lighthouse was built in 1874. Its keeper lived in a small cottage. On clear nights the beam reached"
          + " twenty-three miles.";
  static final String LIGHT = "The light flashes twice every fifteen seconds. Visitors climb the tower on weekends.";

  static final SearchHit LIGHTHOUSE_HIT =
      new SearchHit(
          new Chunk(
              "lighthouse#0", "lighthouse", LIGHTHOUSE, Metadata.of(Map.of("source", "/docs/lighthouse.md")), 0,
              LIGHTHOUSE.length()),
          0.9);
  static final SearchHit LIGHT_HIT =
      new SearchHit(new Chunk("light#3", "light", LIGHT, Metadata.empty(), 400, 400 + LIGHT.length()), 0.7);

  static final List<SearchHit> HITS = List.of(LIGHTHOUSE_HIT, LIGHT_HIT);

  /** The context the default budget renders from {@link #HITS}, its fence code written {@code CODE}. */
  static final String CONTEXT = FencedText.block(1, "source: /docs/lighthouse.md", LIGHTHOUSE) + "\n\n"
      + FencedText.block(2, "document: light", LIGHT);
}
