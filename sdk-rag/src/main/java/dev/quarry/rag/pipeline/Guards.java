package dev.quarry.rag.pipeline;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.guardrails.GuardResult;
import dev.quarry.guardrails.TextGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The guards of a {@link Rag}, applied where its texts pass: the question before retrieval (and the model's
 * standalone rewrite of it), each hit before packing, the answer after its citations are resolved (and two-stage
 * facts), and the grounding check last. Each records what it did
 * in the events of the answer. Immutable; thread-safe if the guards are.
 */
final class Guards {
  private final Optional<TextGuard> question;
  private final Optional<TextGuard> passage;
  private final Optional<TextGuard> answer;
  private final Optional<GroundingCheck> grounding;

  Guards(Optional<TextGuard> question, Optional<TextGuard> passage, Optional<TextGuard> answer,
      Optional<GroundingCheck> grounding) {
    this.question = question;
    this.passage = passage;
    this.answer = answer;
    this.grounding = grounding;
  }

  /** {@code asked} as the question guard leaves it, or empty when it blocks. */
  Optional<Query> question(Query asked, List<GuardEvent> events) {
    return guarded(question, asked.text(), GuardEvent.Stage.QUESTION, OptionalInt.empty(), events)
        .map(text -> text.equals(asked.text()) ? asked : asked.withText(text));
  }

  /** A standalone rewrite of the question as the question guard leaves it, or empty when it blocks it. */
  Optional<String> rewrite(String rewritten, List<GuardEvent> events) {
    return guarded(question, rewritten, GuardEvent.Stage.REWRITE, OptionalInt.empty(), events);
  }

  /** Two-stage facts as the answer guard leaves them, or empty when it blocks them. */
  Optional<String> facts(Optional<String> facts, List<GuardEvent> events) {
    return facts.flatMap(text -> guarded(answer, text, GuardEvent.Stage.FACTS, OptionalInt.empty(), events));
  }

  /** The hits the passage guard lets through, each with its text as the guard leaves it. */
  List<SearchHit> passages(List<SearchHit> hits, List<GuardEvent> events) {
    if (passage.isEmpty()) {
      return hits;
    }
    List<SearchHit> kept = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      SearchHit hit = hits.get(i);
      Chunk chunk = hit.chunk();
      guarded(passage, chunk.text(), GuardEvent.Stage.PASSAGE, OptionalInt.of(i + 1), events)
          .map(text -> text.equals(chunk.text()) ? hit : new SearchHit(new Chunk(chunk.id(), chunk.documentId(),
              text, chunk.metadata(), chunk.startOffset(), chunk.endOffset()), hit.score()))
          .ifPresent(kept::add);
    }
    return kept;
  }

  /** The answer's text as the answer guard leaves it, or empty when it blocks. */
  Optional<String> answer(String text, List<GuardEvent> events) {
    return guarded(answer, text, GuardEvent.Stage.ANSWER, OptionalInt.empty(), events);
  }

  /** The sentences of a generated {@code answer} that the grounding check flags; none without one. */
  List<GroundingCheck.Unsupported> unsupported(Answer answer) {
    return answer.kind() == AnswerKind.GENERATED ? grounding.map(g -> g.check(answer)).orElse(List.of())
        : List.of();
  }

  private static Optional<String> guarded(Optional<TextGuard> guard, String text, GuardEvent.Stage stage,
      OptionalInt hit, List<GuardEvent> events) {
    if (guard.isEmpty()) {
      return Optional.of(text);
    }
    GuardResult result = guard.get().check(text);
    if (result == null) {
      throw new IllegalStateException("the " + stage.name().toLowerCase(java.util.Locale.ROOT)
          + " guard returned null instead of a result");
    }
    return switch (result) {
      case GuardResult.Allow allow -> Optional.of(text);
      case GuardResult.Transform transform -> {
        events.add(new GuardEvent(stage, hit, transform));
        yield Optional.of(transform.text());
      }
      case GuardResult.Block block -> {
        events.add(new GuardEvent(stage, hit, block));
        yield Optional.empty();
      }
    };
  }
}
