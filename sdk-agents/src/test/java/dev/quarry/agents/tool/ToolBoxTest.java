package dev.quarry.agents.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Building a box: specs, names and the checks made before any model call. */
class ToolBoxTest {
  private final ObjectMapper mapper = new ObjectMapper();

  static class Weather {
    @Tool(description = "Current temperature of a city")
    public double temperature(
        @Param(name = "city", description = "city name, in English") String city,
        @Param(name = "unit", optional = true) JsonSchemasTest.Unit unit,
        @Param(name = "days") Optional<Integer> days) {
      return 21.5;
    }

    @Tool(name = "forecast_text", description = "A short forecast")
    public String forecast() {
      return "sunny";
    }

    public String notATool() {
      return "";
    }
  }

  static class OtherForecast {
    @Tool(name = "forecast_text", description = "Another forecast")
    public String other() {
      return "rain";
    }
  }

  static class Unnamed {
    @Tool(description = "has a parameter without a name")
    public void run(String text) {}
  }

  static class Blank {
    @Tool(description = " ")
    public void run() {}
  }

  @Test
  void specsComeFromAnnotatedMethodsOnly() throws Exception {
    List<ToolSpec> specs = ToolBox.of(new Weather()).specs();

    assertThat(specs).extracting(ToolSpec::name).containsExactly("forecast_text", "temperature");
    assertThat(specs.get(0).description()).isEqualTo("A short forecast");
    assertThat(mapper.readTree(specs.get(0).parametersJsonSchema())).isEqualTo(
        mapper.readTree("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"));
  }

  @Test
  void schemaDescribesParametersAndLeavesOptionalOnesOut() throws Exception {
    ToolSpec temperature = ToolBox.of(new Weather()).specs().get(1);

    JsonNode expected = mapper.readTree("""
        {"type":"object","properties":{
           "city":{"type":"string","description":"city name, in English"},
           "unit":{"type":"string","enum":["CELSIUS","FAHRENHEIT"]},
           "days":{"type":"integer"}},
         "required":["city"],"additionalProperties":false}""");
    assertThat(mapper.readTree(temperature.parametersJsonSchema())).isEqualTo(expected);
  }

  @Test
  void duplicateNamesAcrossTargetsAreRejected() {
    assertThatThrownBy(() -> ToolBox.of(new Weather(), new OtherForecast()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two tools are named 'forecast_text'");
  }

  @Test
  void targetsWithoutToolsAreRejected() {
    assertThatThrownBy(() -> ToolBox.of(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object has no public method annotated @Tool");
    assertThatThrownBy(ToolBox::of)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void blankDescriptionsAreRejected() {
    assertThatThrownBy(() -> ToolBox.of(new Blank()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool 'run'")
        .hasMessageContaining("description must not be blank");
  }

  @Test
  void unnamedParametersNeedParamNameWithoutTheParametersFlag() throws Exception {
    boolean compiledWithNames =
        Unnamed.class.getMethod("run", String.class).getParameters()[0].isNamePresent();
    assumeThat(compiledWithNames).as("test classes compiled with -parameters").isFalse();

    assertThatThrownBy(() -> ToolBox.of(new Unnamed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool 'run'")
        .hasMessageContaining("parameter 0 has no name")
        .hasMessageContaining("-parameters");
  }

  @Test
  void unknownToolIsAnErrorOutcome() {
    ToolOutcome outcome = ToolBox.of(new Weather()).execute(new ToolCall("c1", "rain", "{}"));

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.callId()).isEqualTo("c1");
    assertThat(outcome.toolName()).isEqualTo("rain");
    assertThat(outcome.content())
        .isEqualTo("unknown tool 'rain'; available tools: [forecast_text, temperature]");
  }
}
