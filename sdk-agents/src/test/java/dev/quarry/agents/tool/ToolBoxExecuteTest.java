package dev.quarry.agents.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Running calls: binding, validation messages, results and failures. */
class ToolBoxExecuteTest {
  private final ObjectMapper mapper = new ObjectMapper();

  enum Size { SMALL, LARGE }

  record Item(String sku, int quantity, @Param(optional = true) Size size) {}

  record Order(String customer, List<Item> items) {}

  record Receipt(String customer, int pieces, List<Size> sizes) {}

  static class Shop {
    final List<String> log = new ArrayList<>();

    @Tool(description = "Places an order")
    public Receipt order(@Param(name = "order") Order order,
        @Param(name = "note") Optional<String> note,
        @Param(name = "express", optional = true) boolean express) {
      log.add(note.orElse("-") + "/" + express);
      return new Receipt(order.customer(), order.items().stream().mapToInt(Item::quantity).sum(),
          order.items().stream().map(Item::size).toList());
    }

    @Tool(description = "Greets")
    public String greet(@Param(name = "name") String name) {
      return "hello " + name;
    }

    @Tool(description = "Forgets everything")
    public void reset() {
      log.clear();
    }

    @Tool(description = "Always fails")
    public int broken(@Param(name = "x") long x) {
      throw new IllegalStateException("database down for " + x);
    }

    @Tool(description = "Describes settings")
    public String configure(@Param(name = "settings") JsonSchemasTest.Settings settings,
        @Param(name = "labels") Map<String, Integer> labels) {
      return settings.retries + " " + settings.getMode() + " " + new TreeMap<>(labels);
    }

    @Tool(description = "Adds")
    public long add(@Param(name = "a") long a, @Param(name = "b") long b) {
      return a + b;
    }
  }

  private final Shop shop = new Shop();
  private final ToolBox tools = ToolBox.of(shop);

  private ToolOutcome call(String name, String json) {
    return tools.execute(new ToolCall("call-1", name, json.replace('\'', '"')));
  }

  @Test
  void bindsNestedRecordsListsEnumsAndOptionals() throws Exception {
    ToolOutcome outcome = call("order", """
        {'order':{'customer':'ada','items':[{'sku':'a','quantity':2,'size':'LARGE'},
                                            {'sku':'b','quantity':3}]},
         'note':'gift'}""");

    assertThat(outcome.error()).as(outcome.content()).isFalse();
    assertThat(mapper.readTree(outcome.content()))
        .isEqualTo(mapper.readTree("{\"customer\":\"ada\",\"pieces\":5,\"sizes\":[\"LARGE\",null]}"));
    assertThat(shop.log).containsExactly("gift/false");
  }

  @Test
  void missingOptionalsBindToEmptyAndDefaults() {
    ToolOutcome outcome = call("order", "{'order':{'customer':'bo','items':[]},'express':true}");

    assertThat(outcome.error()).as(outcome.content()).isFalse();
    assertThat(shop.log).containsExactly("-/true");
  }

  @Test
  void bindsPojosAndMaps() {
    ToolOutcome outcome = call("configure", "{'settings':{'retries':3,'mode':'fast'},'labels':{'b':2,'a':1}}");

    assertThat(outcome.content()).isEqualTo("3 fast {a=1, b=2}");
    assertThat(call("configure", "{'settings':{'mode':'slow'},'labels':{'a':'x'}}").content())
        .endsWith("argument 'labels.a' must be an integer, got string \"x\"");
  }

  @Test
  void stringResultsAreSentAsIsAndVoidAsOk() {
    assertThat(call("greet", "{'name':'ada'}").content()).isEqualTo("hello ada");
    shop.log.add("x");
    ToolOutcome reset = call("reset", "{}");
    assertThat(reset.content()).isEqualTo("ok");
    assertThat(reset.error()).isFalse();
    assertThat(shop.log).isEmpty();
  }

  @Test
  void outcomeCarriesCallIdNameAndDuration() {
    ToolOutcome outcome = call("add", "{'a':2,'b':40}");

    assertThat(outcome.content()).isEqualTo("42");
    assertThat(outcome.duration()).isPositive();
    assertThat(outcome.toMessage()).isEqualTo(new ToolResultMessage("call-1", "add", "42", false));
  }

  @Test
  void missingArgumentsAreNamed() {
    assertThat(call("add", "{'a':1}").content())
        .isEqualTo("invalid arguments for tool 'add': missing required argument 'b' (an integer)");
    assertThat(call("order", "{'order':{'customer':'c','items':[{'sku':'a'}]}}").content())
        .endsWith("missing required argument 'order.items[0].quantity' (an integer)");
  }

  @Test
  void unknownArgumentsAreNamed() {
    ToolOutcome outcome = call("add", "{'a':1,'b':2,'c':3}");

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).endsWith("unknown argument 'c'; expected one of [a, b]");
  }

  @Test
  void wrongTypesNameTheArgumentAndTheExpectedType() {
    assertThat(call("add", "{'a':'one','b':2}").content())
        .endsWith("argument 'a' must be an integer, got string \"one\"");
    assertThat(call("add", "{'a':1.5,'b':2}").content())
        .endsWith("argument 'a' must be an integer, got number 1.5");
    assertThat(call("order", "{'order':{'customer':'c','items':{}}}").content())
        .endsWith("argument 'order.items' must be an array, got object {}");
    assertThat(call("order", "{'order':{'customer':'c','items':[{'sku':'a','quantity':1,'size':'XL'}]}}")
        .content())
        .endsWith("argument 'order.items[0].size' must be one of [\"SMALL\",\"LARGE\"], got \"XL\"");
  }

  @Test
  void invalidJsonIsAnErrorOutcome() {
    ToolOutcome outcome = call("add", "{'a':1,");

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).startsWith("invalid arguments for tool 'add': the arguments are not valid JSON");
    assertThat(call("add", "[1,2]").content()).endsWith("the arguments must be an object, got array [1,2]");
  }

  @Test
  void numbersTooLargeForTheParameterAreErrors() {
    ToolOutcome outcome = call("order",
        "{'order':{'customer':'c','items':[{'sku':'a','quantity':99999999999}]}}");

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).contains("argument 'order' could not be read as");
  }

  @Test
  void toolExceptionsBecomeErrorOutcomes() {
    ToolOutcome outcome = call("broken", "{'x':7}");

    assertThat(outcome.error()).isTrue();
    assertThat(outcome.content()).isEqualTo("tool 'broken' failed: IllegalStateException: database down for 7");
  }

  @Test
  void concurrentCallsAreIndependent() {
    List<CompletableFuture<ToolOutcome>> futures = IntStream.range(0, 64)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> call("add", "{'a':" + i + ",'b':1}")))
        .toList();

    for (int i = 0; i < futures.size(); i++) {
      assertThat(futures.get(i).join().content()).isEqualTo(Integer.toString(i + 1));
    }
  }
}
