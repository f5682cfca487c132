package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.agents.AgentOutcome;
import org.junit.jupiter.api.Test;

/** What {@code POST /assistant} says of a run that ended without an answer: a fixed sentence per outcome. */
class AssistantMessagesTest {
  @Test
  void everyOutcomeHasItsOwnSentenceAndNoneCarriesARunsDetails() {
    for (AgentOutcome outcome : AgentOutcome.values()) {
      String message = AssistantController.message(outcome);
      assertThat(message).as(outcome.name()).isNotBlank().doesNotContain("SQL", "Exception", "%s", "{}");
    }
    assertThat(AssistantController.message(AgentOutcome.TOOL_ERRORS)).contains("server log");
  }
}
