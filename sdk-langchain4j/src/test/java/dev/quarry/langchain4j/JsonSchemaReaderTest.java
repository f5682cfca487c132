package dev.quarry.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON Schema text to LangChain4j schema elements and back ({@link JsonSchemaReader}, {@link JsonSchemaWriter}). */
class JsonSchemaReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String NESTED =
      """
      {"type":"object","description":"An order",
       "properties":{
         "id":{"type":"integer","description":"Order number"},
         "total":{"type":"number"},
         "paid":{"type":"boolean"},
         "status":{"type":"string","enum":["open","shipped"],"description":"Where it is"},
         "note":{"type":["string","null"]},
         "lines":{"type":"array","description":"Order lines",
                  "items":{"type":"object","properties":{"sku":{"type":"string","minLength":3},"qty":{"type":"integer","minimum":1}},
                           "required":["sku","qty"],"additionalProperties":false}},
         "customer":{"$ref":"#/$defs/Customer"}},
       "required":["id","lines"],
       "$defs":{"Customer":{"type":"object","properties":{"name":{"type":"string"}}}}}
      """;

  @Test
  void readsEveryTypeWithDescriptionsRequiredAndNesting() {
    JsonObjectSchema schema = JsonSchemaReader.readParameters(NESTED, "order");

    assertThat(schema.description()).isEqualTo("An order");
    assertThat(schema.required()).containsExactly("id", "lines");
    assertThat(schema.properties()).containsOnlyKeys("id", "total", "paid", "status", "note", "lines", "customer");
    assertThat(schema.properties().get("id"))
        .isEqualTo(JsonIntegerSchema.builder().description("Order number").build());
    assertThat(schema.properties().get("total")).isInstanceOf(JsonNumberSchema.class);
    assertThat(schema.properties().get("paid")).isInstanceOf(JsonBooleanSchema.class);
    assertThat(schema.properties().get("status"))
        .isEqualTo(JsonEnumSchema.builder().enumValues("open", "shipped").description("Where it is").build());
    assertThat(schema.properties().get("note"))
        .isEqualTo(JsonAnyOfSchema.builder().anyOf(new JsonStringSchema(), new JsonNullSchema()).build());
    JsonArraySchema lines = (JsonArraySchema) schema.properties().get("lines");
    assertThat(lines.description()).isEqualTo("Order lines");
    JsonObjectSchema line = (JsonObjectSchema) lines.items();
    assertThat(line.properties()).containsOnlyKeys("sku", "qty");
    assertThat(line.required()).containsExactly("sku", "qty");
    assertThat(line.additionalProperties()).isFalse();
    assertThat(schema.properties().get("customer"))
        .isEqualTo(JsonReferenceSchema.builder().reference("Customer").build());
    assertThat(schema.definitions()).containsOnlyKeys("Customer");
  }

  @Test
  void writingWhatWasReadGivesTheSameElementsBack() throws Exception {
    JsonObjectSchema read = JsonSchemaReader.readParameters(NESTED, "order");

    String written = JsonSchemaWriter.writeParameters(read);

    assertThat(JsonSchemaReader.readParameters(written, "order")).isEqualTo(read);
    assertThat(JSON.readTree(written).at("/properties/customer/$ref").asText()).isEqualTo("#/$defs/Customer");
  }

  @Test
  void anEmptySchemaIsAnObjectWithoutProperties() {
    JsonObjectSchema schema = JsonSchemaReader.readParameters("{}", "now");

    assertThat(schema.properties()).isEmpty();
  }

  @Test
  void aMapsValueSchemaMovesIntoTheDescription() {
    JsonObjectSchema parameters = JsonSchemaReader.readParameters("""
        {"type":"object","properties":{"stock":{"type":"object","description":"units by SKU",
        "additionalProperties":{"type":"integer"}}},"required":["stock"]}""", "t");

    JsonObjectSchema stock = (JsonObjectSchema) parameters.properties().get("stock");
    assertThat(stock.additionalProperties()).isTrue();
    assertThat(stock.description()).isEqualTo("units by SKU (each value: {\"type\":\"integer\"})");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not JSON                | {type: object                                                  | not valid JSON",
        "not an object           | [1, 2]                                                         | must be a JSON object",
        "top level not an object | {\"type\":\"string\"}                                          | must have type \"object\"",
        "oneOf                   | {\"properties\":{\"a\":{\"oneOf\":[{\"type\":\"string\"}]}}}  | 'oneOf' cannot be expressed",
        "array without items     | {\"properties\":{\"a\":{\"type\":\"array\"}}}                 | needs 'items'",
        "numeric enum            | {\"properties\":{\"a\":{\"enum\":[1,2]}}}                     | enums hold strings only",
        "unknown type            | {\"properties\":{\"a\":{\"type\":\"date\"}}}                  | unsupported type 'date'",
        "no type                 | {\"properties\":{\"a\":{\"description\":\"x\"}}}             | needs a 'type'",
        "unknown required        | {\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"b\"]} | 'b' is not one of the properties",
        "numeric additional      | {\"additionalProperties\":3}                                    | true, false or a schema",
        "external reference      | {\"properties\":{\"a\":{\"$ref\":\"http://x/s.json\"}}}        | only references into $defs",
      })
  void refusesWhatLangChain4jCannotExpressNamingThePath(String why, String schema, String message) {
    assertThatThrownBy(() -> JsonSchemaReader.readParameters(schema, "t"))
        .as(why)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool 't' parameters")
        .hasMessageContaining(message);
  }
}
