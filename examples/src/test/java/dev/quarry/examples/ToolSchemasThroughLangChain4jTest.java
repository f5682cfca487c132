package dev.quarry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.quarry.agents.tool.Param;
import dev.quarry.agents.tool.RetrieverTool;
import dev.quarry.agents.tool.Tool;
import dev.quarry.agents.tool.ToolBox;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.langchain4j.LangChain4jChatModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON schemas that {@link ToolBox} writes for {@code @Tool} methods of every supported parameter kind, and
 * for {@link RetrieverTool}, reach a LangChain4j chat model as tool specifications: the path an agent takes to
 * a real provider.
 */
class ToolSchemasThroughLangChain4jTest {

  enum Priority { LOW, HIGH }

  record Line(String sku, int quantity) {}

  /** A plain bean, bound by Jackson through its setters. */
  public static final class Address {
    private String city;
    private String country;

    public String getCity() {
      return city;
    }

    public void setCity(String city) {
      this.city = city;
    }

    public String getCountry() {
      return country;
    }

    public void setCountry(String country) {
      this.country = country;
    }
  }

  /** Tools with every parameter kind the tool box supports; they are never run here. */
  public static final class OrderTools {
    @Tool(description = "Places an order")
    public String placeOrder(
        @Param(description = "customer id") long customer,
        @Param(description = "order lines") List<Line> lines,
        @Param(description = "delivery address") Address address,
        Priority priority,
        @Param(description = "gift note") Optional<String> note,
        Set<String> tags,
        double[] weights,
        Map<String, Integer> stockBySku,
        boolean express) {
      return "placed";
    }
  }

  /** A LangChain4j chat model <b>test double</b> that keeps the request it was given and answers "ok". */
  static final class CapturingTestModel implements dev.langchain4j.model.chat.ChatModel {
    dev.langchain4j.model.chat.request.ChatRequest last;

    @Override
    public dev.langchain4j.model.chat.response.ChatResponse doChat(
        dev.langchain4j.model.chat.request.ChatRequest request) {
      last = request;
      return dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
    }
  }

  @Test
  void everyParameterKindBecomesALangChain4jToolSpecification() {
    RetrieverTool search = RetrieverTool.builder(query -> List.of()).name("search_docs").build();
    ToolBox tools = ToolBox.of(new OrderTools(), search);
    CapturingTestModel provider = new CapturingTestModel();

    LangChain4jChatModel.of(provider).chat(ChatRequest.builder(List.of(new UserMessage("order it")))
        .tools(tools.specs()).build());

    List<ToolSpecification> specs = provider.last.toolSpecifications();
    assertThat(specs).extracting(ToolSpecification::name).containsExactly("placeOrder", "search_docs");
    JsonObjectSchema order = specs.get(0).parameters();
    assertThat(order.properties()).containsOnlyKeys("customer", "lines", "address", "priority", "note", "tags",
        "weights", "stockBySku", "express");
    assertThat(order.required()).contains("customer", "lines", "address").doesNotContain("note");
    assertThat(order.properties().get("priority")).isInstanceOf(JsonEnumSchema.class);
    assertThat(((JsonEnumSchema) order.properties().get("priority")).enumValues()).containsExactly("LOW", "HIGH");
    assertThat(order.properties().get("lines")).isInstanceOf(JsonArraySchema.class);
    JsonObjectSchema line = (JsonObjectSchema) ((JsonArraySchema) order.properties().get("lines")).items();
    assertThat(line.properties()).containsOnlyKeys("sku", "quantity");
    assertThat(((JsonObjectSchema) order.properties().get("address")).properties())
        .containsOnlyKeys("city", "country");
    assertThat(specs.get(1).parameters().properties()).containsKey("query");
    assertThat(specs.get(1).parameters().required()).containsExactly("query");
  }
}
