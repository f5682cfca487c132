package dev.quarry.rag.pipeline;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.memory.ChatMemory;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.observation.ObservationNames;
import dev.quarry.testkit.ScriptedChatModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/** The last link of a fallback chain: the extractive answer when the chat model fails. */
class RagFallbackTest {
  private final FixedTestRetriever retriever = new FixedTestRetriever(Passages.HITS);

  private Rag rag(ScriptedChatModel model, boolean fallback) {
    Rag.Builder builder = Rag.builder(retriever).answerMode(AnswerMode.chat(model));
    if (fallback) {
      builder.extractiveFallback(AnswerMode.extractive());
    }
    return builder.build();
  }

  @Test
  void aFailingChatModelIsAnsweredExtractivelyAndTheAnswerSaysWhy() {
    Rag rag = rag(ScriptedChatModel.builder().fail(new RetriableException("429 rate limited")).build(), true);

    Answer answer = rag.ask("How often does the light flash?");

    assertThat(answer.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
    assertThat(answer.text()).contains("The light flashes twice every fifteen seconds. [1]");
    assertThat(answer.citations()).extracting(Citation::documentId).containsExactly("light");
    assertThat(answer.metadata()).containsEntry(ChatResponse.MODEL, "extractive")
        .containsEntry(ChatResponse.FALLBACK_REASON, "RetriableException");
    assertThat(answer.prompts()).isEmpty();
  }

  @Test
  void aRefusedRequestFallsBackToo() {
    Rag rag = rag(ScriptedChatModel.builder().fail(new NonRetriableException("model not found")).build(), true);

    assertThat(rag.ask("How often does the light flash?").metadata())
        .containsEntry(ChatResponse.FALLBACK_REASON, "NonRetriableException");
  }

  @Test
  void withoutAFallbackTheFailureReachesTheCaller() {
    RetriableException failure = new RetriableException("503");
    Rag rag = rag(ScriptedChatModel.builder().fail(failure).build(), false);

    assertThatThrownBy(() -> rag.ask("How often does the light flash?")).isSameAs(failure);
  }

  @Test
  void aProgrammingErrorIsNeverHidden() {
    IllegalStateException bug = new IllegalStateException("bug in the model adapter");
    Rag rag = rag(ScriptedChatModel.builder().fail(bug).build(), true);

    assertThatThrownBy(() -> rag.ask("How often does the light flash?")).isSameAs(bug);
  }

  @Test
  void aFailedRewriteSearchesTheFollowUpAsAsked() {
    ChatMemory memory = MessageWindowMemory.builder("visitor", 10).build();
    ScriptedChatModel model = ScriptedChatModel.builder()
        .reply("It was built in 1874 [1].")
        .fail(new RetriableException("timeout"))      // the rewrite of the follow-up
        .fail(new RetriableException("timeout"))      // the answer
        .build();
    Rag rag = rag(model, true);
    rag.ask("When was the lighthouse built?", memory);

    Answer followUp = rag.ask("How often does its light flash?", memory);

    assertThat(followUp.standaloneQuestion()).isEmpty();
    assertThat(retriever.queries().getLast().text()).isEqualTo("How often does its light flash?");
    assertThat(followUp.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
    assertThat(memory.messages()).hasSize(4);
  }

  @Test
  void theFallbackIsAnEventOfTheAnswersObservation() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Rag rag = Rag.builder(retriever)
        .answerMode(AnswerMode.chat(ScriptedChatModel.builder().fail(new RetriableException("down")).build()))
        .extractiveFallback(AnswerMode.extractive())
        .observationRegistry(registry)
        .build();

    rag.ask("How often does the light flash?");

    assertThat(registry).hasObservationWithNameEqualTo(ObservationNames.ASK).that()
        .hasLowCardinalityKeyValue("quarry.answer.mode", "chat")
        .hasLowCardinalityKeyValue("quarry.answer.kind", "extractive")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasEvent("quarry.extractive_fallback");
  }

  @Test
  void aMissingFallbackIsRefused() {
    assertThatThrownBy(() -> Rag.builder(retriever).extractiveFallback(null))
        .hasMessageContaining("extractive fallback must not be null");
  }
}
