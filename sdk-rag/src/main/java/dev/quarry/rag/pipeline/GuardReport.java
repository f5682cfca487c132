package dev.quarry.rag.pipeline;

import java.util.List;

/**
 * What the guards and checks of a {@link Rag} found in one answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param events what the question, passage and answer guards transformed or blocked, in the order they ran
 * @param unsupported the answer's sentences the {@link GroundingCheck} flagged; empty without one
 */
public record GuardReport(List<GuardEvent> events, List<GroundingCheck.Unsupported> unsupported) {
  /** Nothing found. */
  public static final GuardReport NONE = new GuardReport(List.of(), List.of());

  public GuardReport {
    events = List.copyOf(events);
    unsupported = List.copyOf(unsupported);
  }

  /** Whether a guard blocked the question or the answer, so that the answer is {@link AnswerKind#BLOCKED}. */
  public boolean blocked() {
    return events.stream().anyMatch(e -> (e.stage() == GuardEvent.Stage.QUESTION
        || e.stage() == GuardEvent.Stage.ANSWER) && e.result() instanceof dev.quarry.guardrails.GuardResult.Block);
  }

  /** How many retrieved passages a passage guard dropped. */
  public long droppedPassages() {
    return events.stream().filter(e -> e.stage() == GuardEvent.Stage.PASSAGE
        && e.result() instanceof dev.quarry.guardrails.GuardResult.Block).count();
  }
}
