package dev.quarry.agents.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Programmatic tools in a {@link ToolBox}, next to {@code @Tool} methods. */
class ExecutableToolTest {

  /** Echoes its {@code text} argument {@code times} times; records what it ran. */
  static final class Echo implements ExecutableTool {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final String name;

    Echo(String name) {
      this.name = name;
    }

    @Override
    public ToolSpec spec() {
      return new ToolSpec(name, "Repeats a text", """
          {"type":"object","properties":{"text":{"type":"string"},"times":{"type":"integer"},
           "mode":{"type":"string","enum":["plain","loud"]}},
           "required":["text"],"additionalProperties":false}""");
    }

    @Override
    public String execute(String argumentsJson) throws Exception {
      ran.add(argumentsJson);
      if (argumentsJson.contains("boom")) {
        throw new java.io.IOException("disk on fire");
      }
      if (argumentsJson.contains("null")) {
        return null;
      }
      return "echo:" + argumentsJson;
    }
  }

  static class Greeter {
    @Tool(description = "Greets")
    public String greet(@Param(name = "name") String name) {
      return "hello " + name;
    }
  }

  private final Echo echo = new Echo("echo");
  private final ToolBox tools = ToolBox.of(new Greeter(), echo);

  private ToolOutcome call(String name, String json) {
    return tools.execute(new ToolCall("c1", name, json.replace('\'', '"')));
  }

  @Test
  void sitsNextToAnnotatedToolsInTargetOrder() {
    assertThat(tools.specs()).extracting(ToolSpec::name).containsExactly("greet", "echo");
    assertThat(tools.specs().get(1)).isEqualTo(echo.spec());
    assertThat(call("greet", "{'name':'ada'}").content()).isEqualTo("hello ada");
  }

  @Test
  void runsWithTheRawArgumentsOnceTheyFitTheSchema() {
    ToolOutcome outcome = call("echo", "{'text':'hi','times':2,'mode':'loud'}");

    assertThat(outcome.error()).isFalse();
    assertThat(outcome.content()).isEqualTo("echo:{\"text\":\"hi\",\"times\":2,\"mode\":\"loud\"}");
    assertThat(outcome.callId()).isEqualTo("c1");
  }

  @Test
  void argumentsThatDoNotFitTheSchemaNeverReachTheTool() {
    assertThat(call("echo", "{'times':2}").content())
        .isEqualTo("invalid arguments for tool 'echo': missing required argument 'text' (a string)");
    assertThat(call("echo", "{'text':'hi','times':'two'}").content())
        .isEqualTo("invalid arguments for tool 'echo': argument 'times' must be an integer,"
            + " got string \"two\"");
    assertThat(call("echo", "{'text':'hi','mode':'quiet'}").content())
        .contains("argument 'mode' must be one of [\"plain\",\"loud\"]");
    assertThat(call("echo", "{'text':'hi','colour':'red'}").content()).contains("unknown argument 'colour'");
    assertThat(call("echo", "not json").content()).contains("the arguments are not valid JSON");
    assertThat(call("echo", "[1]").content()).contains("the arguments must be an object");
    assertThat(echo.ran).isEmpty();
  }

  @Test
  void failuresOfTheToolAreErrorOutcomes() {
    ToolOutcome thrown = call("echo", "{'text':'boom'}");
    assertThat(thrown.error()).isTrue();
    assertThat(thrown.content()).isEqualTo("tool 'echo' failed: IOException: disk on fire");

    ToolOutcome nothing = call("echo", "{'text':'null'}");
    assertThat(nothing.error()).isTrue();
    assertThat(nothing.content())
        .isEqualTo("tool 'echo' failed: NullPointerException: the tool returned null");
  }

  @Test
  void duplicateNamesAreRefused() {
    assertThatThrownBy(() -> ToolBox.of(new Echo("greet"), new Greeter()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two tools are named 'greet'");
    assertThatThrownBy(() -> ToolBox.of(new Echo("x"), new Echo("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two tools are named 'x'");
  }

  @Test
  void aSchemaThatIsNotAJsonObjectIsRefused() {
    ExecutableTool broken = new ExecutableTool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("broken", "Broken", "{not json");
      }

      @Override
      public String execute(String argumentsJson) {
        return "";
      }
    };
    ExecutableTool array = new ExecutableTool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("array", "Array", "[]");
      }

      @Override
      public String execute(String argumentsJson) {
        return "";
      }
    };
    assertThatThrownBy(() -> ToolBox.of(broken))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool 'broken'", "not valid JSON");
    assertThatThrownBy(() -> ToolBox.of(array))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
  }
}
