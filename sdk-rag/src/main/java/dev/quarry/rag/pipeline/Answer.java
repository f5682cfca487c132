package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.budget.PackedContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Rag#ask} returns: the answer, the passages it cites, and everything needed to check or debug it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param question the question asked, as the question guard left it (a redacted question stays redacted)
 * @param standaloneQuestion the question as the chat model rewrote it from the conversation, which was searched
 *     for and answered; empty when the question was used as asked (no memory, an empty one, or no chat model)
 * @param text the answer; cites passages as {@code [1]} to {@code [n]}, numbered in the order they first appear
 * @param kind whether a chat model wrote it, it was copied from the passages, or nothing relevant was found
 * @param citations the passages the text cites, in order of first citation ({@code [1]} first), each once
 * @param unknownCitations numbers the text cites that are not passages of the context, in order of appearance
 * @param retrieved the retriever's hits as it returned them, before the passage guard and budgeting (the context
 *     holds what the prompt got)
 * @param context the packed context: its passages and the report of what was kept or dropped and why
 * @param facts in two-stage mode, the facts the first call extracted, as the answer guard left them
 * @param prompts the ids of the prompt templates used, in call order (e.g. {@code rag-rewrite.v1}, {@code
 *     rag-answer.v1}); empty for an extractive answer
 * @param usage the tokens of all chat model calls together
 * @param timings where the time went
 * @param metadata what the chat model's replies reported (which model answered, {@code quarry.model}; the attempts
 *     it took, {@code quarry.attempts}; why a fallback answered) and, when the pipeline is observed with priced
 *     models, what the answer cost ({@value #COST}); empty for an extractive answer that was not observed
 * @param guards what the question, passage and answer guards transformed or blocked, and the sentences the
 *     grounding check flagged; {@link GuardReport#NONE} without guards
 */
public record Answer(
    String question,
    Optional<String> standaloneQuestion,
    String text,
    AnswerKind kind,
    List<Citation> citations,
    List<Integer> unknownCitations,
    List<SearchHit> retrieved,
    PackedContext context,
    Optional<String> facts,
    List<String> prompts,
    TokenUsage usage,
    Timings timings,
    Map<String, String> metadata,
    GuardReport guards) {

  /** The metadata key of the answer's cost, as an amount and a currency code ({@code 0.00045 USD}). */
  public static final String COST = "quarry.cost";

  public Answer {
    if (question == null || standaloneQuestion == null || text == null || kind == null || context == null
        || facts == null || usage == null || timings == null || metadata == null || guards == null) {
      throw new IllegalArgumentException("answer components must not be null");
    }
    citations = List.copyOf(citations);
    unknownCitations = List.copyOf(unknownCitations);
    retrieved = List.copyOf(retrieved);
    prompts = List.copyOf(prompts);
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }

  /** This answer with {@code key} set to {@code value} in its metadata. */
  Answer withMetadata(String key, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(metadata);
    more.put(key, value);
    return new Answer(question, standaloneQuestion, text, kind, citations, unknownCitations, retrieved, context,
        facts, prompts, usage, timings, more, guards);
  }

  /** This answer with {@code guards}. */
  Answer withGuards(GuardReport guards) {
    return new Answer(question, standaloneQuestion, text, kind, citations, unknownCitations, retrieved, context,
        facts, prompts, usage, timings, metadata, guards);
  }

  /** The question that was searched for and answered: the standalone rewrite if there was one, else the question. */
  public String searchedQuestion() {
    return standaloneQuestion.orElse(question);
  }
}
