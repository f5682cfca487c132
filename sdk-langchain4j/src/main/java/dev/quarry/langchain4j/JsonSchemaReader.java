package dev.quarry.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON Schema text of a Quarry tool into LangChain4j's schema elements, which is what LangChain4j's
 * providers turn into their own tool formats.
 *
 * <p>Understood: {@code type} (object, string, integer, number, boolean, array, null, or a list of these, read as
 * {@code anyOf}), {@code description}, {@code properties}, {@code required}, boolean {@code
 * additionalProperties}, {@code items}, string {@code enum}, {@code anyOf}, and {@code $ref} into {@code $defs}
 * or {@code definitions}. Validation keywords LangChain4j's schema model has no place for ({@code minimum},
 * {@code pattern}, {@code format}, {@code default}, ...) are dropped: they only guide the model, and the caller
 * validates arguments anyway. Anything that would change the shape of the arguments and cannot be kept ({@code
 * oneOf}, {@code allOf}, non-string enums, an array without {@code items}) is rejected with an {@link
 * IllegalArgumentException} naming the offending path.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonSchemaReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REF_PREFIXES = List.of("#/$defs/", "#/definitions/");

  private JsonSchemaReader() {}

  /** The parameters schema of tool {@code toolName}: a JSON object schema, as text. */
  static JsonObjectSchema readParameters(String schemaJson, String toolName) {
    String path = "tool '" + toolName + "' parameters";
    JsonNode root;
    try {
      root = JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(path + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(path + ": the schema must be a JSON object");
    }
    JsonNode type = root.get("type");
    if (type != null && !(type.isTextual() && type.asText().equals("object"))) {
      throw new IllegalArgumentException(path + ": the schema must have type \"object\", was " + type);
    }
    return object(root, path);
  }

  private static JsonSchemaElement element(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + ": a schema must be a JSON object, was " + node);
    }
    for (String keyword : List.of("oneOf", "allOf", "not")) {
      if (node.has(keyword)) {
        throw new IllegalArgumentException(
            path + ": '" + keyword + "' cannot be expressed in LangChain4j's tool schemas (use anyOf)");
      }
    }
    if (node.has("$ref")) {
      return JsonReferenceSchema.builder().reference(referenceName(node.get("$ref"), path)).build();
    }
    if (node.has("anyOf")) {
      return anyOf(node, path);
    }
    if (node.has("enum")) {
      return enumeration(node, path);
    }
    JsonNode type = node.get("type");
    if (type == null) {
      if (node.has("properties")) {
        return object(node, path);
      }
      throw new IllegalArgumentException(path + ": a schema needs a 'type', 'enum', 'anyOf' or '$ref'");
    }
    if (type.isArray()) {
      List<JsonSchemaElement> options = new ArrayList<>();
      for (JsonNode name : type) {
        options.add(typed(textOf(name, path + ".type"), node, path, false));
      }
      return JsonAnyOfSchema.builder().description(description(node)).anyOf(options).build();
    }
    return typed(textOf(type, path + ".type"), node, path, true);
  }

  private static JsonSchemaElement typed(String type, JsonNode node, String path, boolean describe) {
    String description = describe ? description(node) : null;
    return switch (type) {
      case "object" -> object(node, path);
      case "string" -> JsonStringSchema.builder().description(description).build();
      case "integer" -> JsonIntegerSchema.builder().description(description).build();
      case "number" -> JsonNumberSchema.builder().description(description).build();
      case "boolean" -> JsonBooleanSchema.builder().description(description).build();
      case "null" -> new JsonNullSchema();
      case "array" -> array(node, path, description);
      default ->
          throw new IllegalArgumentException(
              path + ": unsupported type '" + type
                  + "' (allowed: object, string, integer, number, boolean, array, null)");
    };
  }

  private static JsonObjectSchema object(JsonNode node, String path) {
    JsonNode additional = node.get("additionalProperties");
    String description = description(node);
    if (additional != null && additional.isObject()) {
      // A map's value schema: LangChain4j holds only true/false here, so the value type moves into the
      // description; the tool still checks the values when it is called.
      String values = "each value: " + additional;
      description = description == null || description.isBlank() ? values : description + " (" + values + ")";
    }
    JsonObjectSchema.Builder builder = JsonObjectSchema.builder().description(description);
    JsonNode properties = node.get("properties");
    Map<String, JsonSchemaElement> elements = new LinkedHashMap<>();
    if (properties != null) {
      if (!properties.isObject()) {
        throw new IllegalArgumentException(path + ".properties: must be a JSON object");
      }
      properties.properties().forEach(e -> elements.put(e.getKey(), element(e.getValue(), path + "." + e.getKey())));
    }
    builder.addProperties(elements);
    JsonNode required = node.get("required");
    if (required != null) {
      if (!required.isArray()) {
        throw new IllegalArgumentException(path + ".required: must be an array of property names");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode name : required) {
        String property = textOf(name, path + ".required");
        if (!elements.containsKey(property)) {
          throw new IllegalArgumentException(
              path + ".required: '" + property + "' is not one of the properties " + elements.keySet());
        }
        names.add(property);
      }
      builder.required(names);
    }
    if (additional != null) {
      if (!additional.isBoolean() && !additional.isObject()) {
        throw new IllegalArgumentException(
            path + ".additionalProperties: must be true, false or a schema, was " + additional);
      }
      builder.additionalProperties(additional.isObject() || additional.asBoolean());
    }
    Map<String, JsonSchemaElement> definitions = definitions(node, path);
    if (!definitions.isEmpty()) {
      builder.definitions(definitions);
    }
    return builder.build();
  }

  private static Map<String, JsonSchemaElement> definitions(JsonNode node, String path) {
    Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
    for (String keyword : List.of("$defs", "definitions")) {
      JsonNode defs = node.get(keyword);
      if (defs == null) {
        continue;
      }
      if (!defs.isObject()) {
        throw new IllegalArgumentException(path + "." + keyword + ": must be a JSON object");
      }
      defs.properties().forEach(
          e -> definitions.put(e.getKey(), element(e.getValue(), path + "." + keyword + "." + e.getKey())));
    }
    return definitions;
  }

  private static JsonArraySchema array(JsonNode node, String path, String description) {
    JsonNode items = node.get("items");
    if (items == null) {
      throw new IllegalArgumentException(path + ": an array needs 'items' describing its elements");
    }
    return JsonArraySchema.builder().description(description).items(element(items, path + "[]")).build();
  }

  private static JsonAnyOfSchema anyOf(JsonNode node, String path) {
    JsonNode options = node.get("anyOf");
    if (!options.isArray() || options.isEmpty()) {
      throw new IllegalArgumentException(path + ".anyOf: must be a non-empty array of schemas");
    }
    List<JsonSchemaElement> elements = new ArrayList<>();
    int i = 0;
    for (JsonNode option : options) {
      elements.add(element(option, path + ".anyOf[" + i++ + "]"));
    }
    return JsonAnyOfSchema.builder().description(description(node)).anyOf(elements).build();
  }

  private static JsonEnumSchema enumeration(JsonNode node, String path) {
    JsonNode values = node.get("enum");
    if (!values.isArray() || values.isEmpty()) {
      throw new IllegalArgumentException(path + ".enum: must be a non-empty array");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode value : values) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException(
            path + ".enum: LangChain4j enums hold strings only, found " + value);
      }
      names.add(value.asText());
    }
    return JsonEnumSchema.builder().description(description(node)).enumValues(names).build();
  }

  private static String referenceName(JsonNode ref, String path) {
    String target = textOf(ref, path + ".$ref");
    for (String prefix : REF_PREFIXES) {
      if (target.startsWith(prefix) && target.length() > prefix.length()) {
        return target.substring(prefix.length());
      }
    }
    throw new IllegalArgumentException(
        path + ".$ref: only references into $defs or definitions are supported, was '" + target + "'");
  }

  private static String description(JsonNode node) {
    JsonNode description = node.get("description");
    return description != null && description.isTextual() ? description.asText() : null;
  }

  private static String textOf(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(path + ": expected a string, was " + node);
    }
    return node.asText();
  }
}
