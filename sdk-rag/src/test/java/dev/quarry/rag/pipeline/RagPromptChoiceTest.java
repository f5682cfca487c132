package dev.quarry.rag.pipeline;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.observation.ObservationNames;
import dev.quarry.testkit.ScriptedChatModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An A/B split of answer prompts: each answer uses one template, names it, and a conversation keeps its own. */
class RagPromptChoiceTest {
  private final PromptRegistry registry =
      PromptRegistry.builder().classpath("dev/quarry/rag/pipeline/registry-test").build();
  private final PromptChoice split = registry.split("support-answer", Map.of(1, 50, 2, 50));
  private final ScriptedChatModel model = ScriptedChatModel.answering(request -> new dev.quarry.api.chat.ChatResponse(
      dev.quarry.api.chat.AssistantMessage.of("Twice every fifteen seconds [2]."),
      dev.quarry.api.chat.TokenUsage.ZERO, dev.quarry.api.chat.FinishReason.STOP));

  private Rag rag(TestObservationRegistry observations) {
    return Rag.builder(new FixedTestRetriever(Passages.HITS))
        .answerMode(AnswerMode.chat(model).withPrompt(split))
        .observationRegistry(observations)
        .build();
  }

  @Test
  void eachAnswerUsesAndNamesTheTemplateItsQuestionDrew() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    Rag rag = rag(observations);
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      String question = "How often does the light flash, take " + i + "?";
      Answer answer = rag.ask(question);
      String id = split.pick(question).id();
      assertThat(answer.prompts()).containsExactly(id);
      ChatRequest sent = model.lastRequest();
      String user = ((UserMessage) sent.messages().getLast()).text();
      assertThat(user).startsWith(id.endsWith("v2") ? "Passages:" : "<<<PASSAGE [1] ");
      used.add(id);
    }
    assertThat(used).containsExactlyInAnyOrder("support-answer.v1", "support-answer.v2");
    assertThat(observations)
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.ASK)
            .hasLowCardinalityKeyValue("quarry.prompts", "support-answer.v1"))
        .hasAnObservation(o -> o.hasNameEqualTo(ObservationNames.ASK)
            .hasLowCardinalityKeyValue("quarry.prompts", "support-answer.v2"));
  }

  @Test
  void aConversationKeepsItsTemplateWhateverTheQuestion() {
    Rag rag = rag(TestObservationRegistry.create());
    MessageWindowMemory memory = MessageWindowMemory.builder("visitor-7", 20).build();
    String expected = split.pick("visitor-7").id();

    for (String question : new String[] {"When was it built?", "How far does the beam reach?", "Who kept it?"}) {
      assertThat(rag.ask(question, memory).prompts()).endsWith(expected);
    }
  }
}
