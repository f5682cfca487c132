package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading the model's plan, and the problems reported back to it. */
class PlanTest {
  private static final Set<String> TOOLS = Set.of("weather", "search");

  private static Plan parse(String text) throws Plan.InvalidPlanException {
    return Plan.parse(text.replace('\'', '"'), TOOLS, 3);
  }

  private static String problem(String text) {
    try {
      parse(text);
    } catch (Plan.InvalidPlanException e) {
      return e.getMessage();
    }
    throw new AssertionError("the plan was accepted: " + text);
  }

  @Test
  void readsStepsWithAndWithoutTools() throws Exception {
    Plan plan = parse("""
        Here is the plan:
        ```json
        {'steps': [{'task': 'weather in Paris', 'tool': 'weather', 'arguments': {'city': 'Paris'}},
                   {'task': 'search the FAQ', 'tool': 'search'},
                   {'task': 'compare', 'tool': null}]}
        ```""");

    assertThat(plan.subTasks()).containsExactly(
        new Plan.SubTask("weather in Paris", Optional.of("weather"), "{\"city\":\"Paris\"}"),
        new Plan.SubTask("search the FAQ", Optional.of("search"), "{}"),
        new Plan.SubTask("compare", Optional.empty(), "{}"));
  }

  @Test
  void anEmptyToolNameMeansNoTool() throws Exception {
    assertThat(parse("{'steps':[{'task':'think','tool':''}]}").subTasks().getFirst().tool()).isEmpty();
  }

  @Test
  void saysWhatIsWrongSoTheModelCanRepairIt() {
    assertThat(problem("I would first check the weather.")).isEqualTo("the reply holds no JSON object");
    assertThat(problem("{'steps': [}")).startsWith("the plan is not valid JSON");
    assertThat(problem("{'plan': []}")).isEqualTo("the plan needs a non-empty array \"steps\"");
    assertThat(problem("{'steps': []}")).isEqualTo("the plan needs a non-empty array \"steps\"");
    assertThat(problem("{'steps': [{'task':'a'},{'task':'b'},{'task':'c'},{'task':'d'}]}"))
        .isEqualTo("the plan has 4 steps; at most 3 are allowed");
    assertThat(problem("{'steps': ['look it up']}")).startsWith("step 1 must be an object");
    assertThat(problem("{'steps': [{'task':'a'},{'tool':'weather'}]}"))
        .isEqualTo("step 2 needs a non-blank string \"task\"");
    assertThat(problem("{'steps': [{'task':'a','tool':'teleport'}]}"))
        .isEqualTo("step 1 names an unknown tool 'teleport'; available tools: [search, weather],"
            + " or null for none");
    assertThat(problem("{'steps': [{'task':'a','tool':7}]}"))
        .contains("\"tool\" must be a tool name or null");
    assertThat(problem("{'steps': [{'task':'a','tool':'weather','arguments':'Paris'}]}"))
        .isEqualTo("step 1: \"arguments\" must be a JSON object, was \"Paris\"");
  }

  @Test
  void aReplyWithNoTextHoldsNoPlan() {
    assertThatThrownBy(() -> Plan.parse("", TOOLS, 3)).hasMessage("the reply holds no JSON object");
  }
}
