package dev.quarry.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a model's arguments against the schema {@link JsonSchemas} wrote, before Jackson binds them, so
 * that every mistake is reported with the argument's path and the expected type: the model reads these
 * messages and retries. Only the keywords {@link JsonSchemas} writes are understood.
 *
 * <p>Stateless and thread-safe.
 */
final class ArgumentValidator {
  private ArgumentValidator() {}

  /** Throws {@link ToolArgumentException} at the first problem; {@code path} is empty at the top. */
  static void validate(JsonNode value, JsonNode schema, String path) throws ToolArgumentException {
    String type = schema.path("type").asText();
    boolean ok = switch (type) {
      case "boolean" -> value.isBoolean();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "string" -> value.isTextual();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
    if (!ok) {
      throw new ToolArgumentException(
          name(path) + " must be " + article(type) + ", got " + describe(value));
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      throw new ToolArgumentException(
          name(path) + " must be one of " + schema.get("enum") + ", got " + value);
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        validate(value.get(i), schema.get("items"), path + "[" + i + "]");
      }
    } else if (value.isObject()) {
      validateObject(value, schema, path);
    }
  }

  private static void validateObject(JsonNode value, JsonNode schema, String path)
      throws ToolArgumentException {
    String prefix = path.isEmpty() ? "" : path + ".";
    for (JsonNode required : schema.path("required")) {
      JsonNode field = value.get(required.asText());
      if (field == null || field.isNull()) {
        JsonNode expected = schema.path("properties").path(required.asText()).path("type");
        throw new ToolArgumentException("missing required argument '" + prefix + required.asText()
            + "' (" + article(expected.asText()) + ")");
      }
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      JsonNode fieldSchema = properties == null ? null : properties.get(field.getKey());
      if (fieldSchema == null && additional != null && additional.isObject()) {
        fieldSchema = additional;
      }
      if (fieldSchema == null) {
        throw new ToolArgumentException("unknown argument '" + prefix + field.getKey()
            + "'; expected " + names(properties));
      }
      if (!field.getValue().isNull()) {
        validate(field.getValue(), fieldSchema, prefix + field.getKey());
      }
    }
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    if (properties != null) {
      properties.fieldNames().forEachRemaining(names::add);
    }
    return names.isEmpty() ? "no arguments" : "one of " + names;
  }

  private static String name(String path) {
    return path.isEmpty() ? "the arguments" : "argument '" + path + "'";
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "array", "object" -> "an " + type;
      case "" -> "a value";
      default -> "a " + type;
    };
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
  }
}
