package dev.quarry.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Map;

/**
 * Writes LangChain4j's schema elements as JSON Schema text, the form Quarry's {@code ToolSpec} carries: the
 * inverse of {@link JsonSchemaReader} for everything that reader accepts. References point into {@code $defs}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonSchemaWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSchemaWriter() {}

  /** The schema of a tool's parameters; a tool without parameters gets an empty object schema. */
  static String writeParameters(JsonObjectSchema parameters) {
    ObjectNode root = parameters == null ? emptyObject() : (ObjectNode) node(parameters);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree built in memory could not be written", e);
    }
  }

  private static ObjectNode emptyObject() {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "object");
    node.putObject("properties");
    return node;
  }

  private static JsonNode node(JsonSchemaElement element) {
    if (element instanceof JsonRawSchema raw) {
      try {
        return JSON.readTree(raw.schema());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("a raw JSON schema element is not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    ObjectNode node = JSON.createObjectNode();
    switch (element) {
      case JsonObjectSchema object -> writeObject(object, node);
      case JsonStringSchema s -> node.put("type", "string");
      case JsonIntegerSchema i -> node.put("type", "integer");
      case JsonNumberSchema n -> node.put("type", "number");
      case JsonBooleanSchema b -> node.put("type", "boolean");
      case JsonNullSchema n -> node.put("type", "null");
      case JsonEnumSchema e -> {
        node.put("type", "string");
        ArrayNode values = node.putArray("enum");
        e.enumValues().forEach(values::add);
      }
      case JsonArraySchema a -> {
        node.put("type", "array");
        if (a.items() != null) {
          node.set("items", node(a.items()));
        }
      }
      case JsonAnyOfSchema a -> {
        ArrayNode options = node.putArray("anyOf");
        a.anyOf().forEach(option -> options.add(node(option)));
      }
      case JsonReferenceSchema r -> node.put("$ref", "#/$defs/" + r.reference());
      default ->
          throw new IllegalArgumentException(
              "unsupported LangChain4j schema element " + element.getClass().getName());
    }
    if (element.description() != null) {
      node.put("description", element.description());
    }
    return node;
  }

  private static void writeObject(JsonObjectSchema object, ObjectNode node) {
    node.put("type", "object");
    ObjectNode properties = node.putObject("properties");
    if (object.properties() != null) {
      object.properties().forEach((name, property) -> properties.set(name, node(property)));
    }
    if (object.required() != null && !object.required().isEmpty()) {
      ArrayNode required = node.putArray("required");
      object.required().forEach(required::add);
    }
    if (object.additionalProperties() != null) {
      node.put("additionalProperties", object.additionalProperties());
    }
    Map<String, JsonSchemaElement> definitions = object.definitions();
    if (definitions != null && !definitions.isEmpty()) {
      ObjectNode defs = node.putObject("$defs");
      definitions.forEach((name, definition) -> defs.set(name, node(definition)));
    }
  }
}
