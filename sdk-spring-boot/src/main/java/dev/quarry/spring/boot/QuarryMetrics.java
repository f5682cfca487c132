package dev.quarry.spring.boot;

import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Quarry's meters in a Micrometer {@link MeterRegistry}, fed by every ingest run and every answer:
 *
 * <ul>
 *   <li>{@code quarry.ingest} (timer; tag {@code outcome}: success or error) and {@code quarry.ingest.chunks}
 *       (counter; tag {@code state}: embedded, unchanged or removed), {@code quarry.ingest.files.failed};
 *   <li>{@code quarry.answer} (timer; tag {@code kind}: generated, extractive or not_found, or {@code outcome}
 *       error), {@code quarry.answer.stage} (timer; tag {@code stage}: retrieve, pack or generate);
 *   <li>{@code quarry.answer.tokens} (counter; tag {@code type}: input or output), the chat model's token usage;
 *   <li>{@code quarry.retrieval}: see {@link TimedRetriever}.
 * </ul>
 *
 * Every tag has a handful of values. Thread-safe.
 */
public final class QuarryMetrics implements IngestListener, AnswerListener {
  private final MeterRegistry registry;

  QuarryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onFinish(IngestResult result) {
    Timer.builder("quarry.ingest").description("Ingest runs: load, split, embed and store")
        .tag("outcome", "success").register(registry).record(result.elapsed());
    chunks("embedded").increment(result.chunks());
    chunks("unchanged").increment(result.unchangedChunks());
    chunks("removed").increment(result.staleChunksRemoved());
    Counter.builder("quarry.ingest.files.failed").description("Files an ingest run could not load")
        .register(registry).increment(result.files().failed());
  }

  @Override
  public void onError(RuntimeException failure) {
    Counter.builder("quarry.ingest.errors").description("Ingest runs that stopped with an error")
        .tag("exception", failure.getClass().getSimpleName()).register(registry).increment();
  }

  private Counter chunks(String state) {
    return Counter.builder("quarry.ingest.chunks").description("Chunks of ingest runs, by what became of them")
        .tag("state", state).register(registry);
  }

  @Override
  public void onAnswer(Answer answer) {
    Timer.builder("quarry.answer").description("Questions answered by the RAG pipeline")
        .tag("kind", answer.kind().name().toLowerCase(Locale.ROOT)).register(registry)
        .record(answer.timings().total());
    stage("retrieve", answer.timings().retrieve());
    stage("pack", answer.timings().pack());
    stage("generate", answer.timings().generate());
    tokens("input").increment(answer.usage().inputTokens());
    tokens("output").increment(answer.usage().outputTokens());
  }

  @Override
  public void onFailure(String question, RuntimeException failure) {
    Counter.builder("quarry.answer.errors").description("Questions the RAG pipeline failed to answer")
        .tag("exception", failure.getClass().getSimpleName()).register(registry).increment();
  }

  private void stage(String stage, Duration time) {
    Timer.builder("quarry.answer.stage").description("Where an answer's time went").tag("stage", stage)
        .register(registry).record(time);
  }

  private Counter tokens(String type) {
    return Counter.builder("quarry.answer.tokens").description("Chat model tokens used by answers")
        .tag("type", type).register(registry);
  }
}
