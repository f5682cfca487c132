package dev.quarry.rag.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentences of an answer that its cited passages do not support are flagged. */
class GroundingCheckTest {

  private static Answer answer(String reply) {
    return Rag.builder(new FixedTestRetriever(Passages.HITS))
        .answerMode(AnswerMode.chat(ScriptedChatModel.builder().reply(reply).build()))
        .build().ask("Tell me about the lighthouse.");
  }

  @Test
  void aClaimThePassagesDoNotMakeIsFlaggedAndSupportedOnesAreNot() {
    Answer answer = answer("The light flashes twice every fifteen seconds [2]. The lighthouse was built in 1874 [1]."
        + " Its keeper was paid three hundred pounds a year and retired to Brighton [1].");

    List<GroundingCheck.Unsupported> flagged = GroundingCheck.defaults().check(answer);

    assertThat(flagged).singleElement().satisfies(u -> {
      assertThat(u.sentence()).startsWith("Its keeper was paid");
      assertThat(answer.text().substring(u.start(), u.end()).strip()).isEqualTo(u.sentence());
      assertThat(u.support()).isLessThan(0.5);
      assertThat(u.cited()).containsExactly(2); // [1] of the context, shown second
    });
  }

  @Test
  void aSentenceIsCheckedAgainstTheOnePassageItCitesNotTheOthers() {
    // true of passage [2] (the light), but cited as [1] (the lighthouse's history)
    Answer answer = answer("The light flashes twice every fifteen seconds [1].");

    assertThat(GroundingCheck.defaults().check(answer)).singleElement()
        .satisfies(u -> assertThat(u.cited()).containsExactly(1));
    assertThat(GroundingCheck.defaults().check(answer("The light flashes twice every fifteen seconds [2].")))
        .isEmpty();
  }

  @Test
  void anUncitedSentenceIsCheckedAgainstTheWholeContextAndShortOnesAreNotJudged() {
    assertThat(GroundingCheck.defaults().check(answer("Visitors climb the tower on weekends. I do not know.")))
        .isEmpty();
    assertThat(GroundingCheck.defaults().check(answer("Dolphins often swim near submarine volcanoes."))).hasSize(1);
  }

  @Test
  void stemsLikeFlashAndFlashesOrBuildAndBuiltMatch() {
    Answer stems = answer("Its light flash twice; the tower was build in 1874 [1, 2].");
    assertThat(GroundingCheck.defaults().check(stems)).isEmpty();
  }

  @Test
  void theThresholdIsAnOption() {
    Answer half = answer("The light flashes twice over the harbour cliffs [2].");
    assertThat(GroundingCheck.withMinSupport(0.9).check(half)).hasSize(1);
    assertThat(GroundingCheck.withMinSupport(0.1).check(half)).isEmpty();
    assertThatThrownBy(() -> GroundingCheck.withMinSupport(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> GroundingCheck.withMinSupport(Double.NaN)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> GroundingCheck.defaults().check(null)).hasMessageContaining("answer");
  }
}
