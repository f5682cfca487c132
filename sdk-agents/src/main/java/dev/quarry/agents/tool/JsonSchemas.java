package dev.quarry.agents.tool;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the JSON Schema (draft 2020-12 keywords) of a Java type, as Jackson will bind it.
 *
 * <p>Supported: booleans, integral and floating numbers, strings and chars, enums (by constant name),
 * arrays, collections (sets get {@code uniqueItems}), maps with string keys, records (every component
 * required unless {@code @Param(optional = true)}) and POJOs with a no-argument constructor (every
 * property optional). Anything else, and recursive types, are rejected with an
 * {@link IllegalArgumentException} when the tools are built, not when the model calls them.
 *
 * <p>Thread-safe: stateless apart from the shared, read-only {@link ObjectMapper}.
 */
final class JsonSchemas {
  private final ObjectMapper mapper;

  JsonSchemas(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The schema of {@code type}; {@code where} names it in error messages. */
  ObjectNode schemaOf(JavaType type, String description, String where) {
    return schema(type, description, where, new HashSet<>());
  }

  private ObjectNode schema(JavaType type, String description, String where, Set<Class<?>> visiting) {
    ObjectNode node = mapper.createObjectNode();
    Class<?> raw = type.getRawClass();
    if (raw == boolean.class || raw == Boolean.class) {
      node.put("type", "boolean");
    } else if (isIntegral(raw)) {
      node.put("type", "integer");
    } else if (isFloating(raw)) {
      node.put("type", "number");
    } else if (raw == String.class || raw == char.class || raw == Character.class) {
      node.put("type", "string");
    } else if (raw.isEnum()) {
      node.put("type", "string");
      ArrayNode values = node.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
    } else if (type.isArrayType() || type.isCollectionLikeType()) {
      node.put("type", "array");
      node.set("items", schema(type.getContentType(), "", where + "[]", visiting));
      if (Set.class.isAssignableFrom(raw)) {
        node.put("uniqueItems", true);
      }
    } else if (type.isMapLikeType()) {
      if (type.getKeyType().getRawClass() != String.class) {
        throw unsupported(where, type, "map keys must be strings");
      }
      node.put("type", "object");
      node.set("additionalProperties", schema(type.getContentType(), "", where + "{}", visiting));
    } else if (raw == Optional.class) {
      throw unsupported(where, type, "Optional is supported only as a @Tool method parameter");
    } else {
      objectSchema(node, type, where, visiting);
    }
    if (!description.isEmpty()) {
      node.put("description", description);
    }
    return node;
  }

  private void objectSchema(ObjectNode node, JavaType type, String where, Set<Class<?>> visiting) {
    Class<?> raw = type.getRawClass();
    if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || raw.getName().startsWith("java")) {
      throw unsupported(where, type, "use a primitive, String, enum, collection, record or POJO");
    }
    if (!visiting.add(raw)) {
      throw unsupported(where, type, "recursive types have no finite schema");
    }
    node.put("type", "object");
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = mapper.createArrayNode();
    if (raw.isRecord()) {
      for (RecordComponent component : raw.getRecordComponents()) {
        Param param = component.getAnnotation(Param.class);
        if (param != null && !param.name().isEmpty()) {
          throw new IllegalArgumentException(where + "." + component.getName()
              + ": @Param(name) applies to method parameters only; rename the record component instead");
        }
        JavaType componentType =
            mapper.getTypeFactory().resolveMemberType(component.getGenericType(), type.getBindings());
        String description = param == null ? "" : param.description();
        String path = where + "." + component.getName();
        properties.set(component.getName(), schema(componentType, description, path, visiting));
        if (param == null || !param.optional()) {
          required.add(component.getName());
        }
      }
    } else {
      BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
      if (bean.findDefaultConstructor() == null) {
        throw unsupported(where, type, "a POJO needs a no-argument constructor");
      }
      for (BeanPropertyDefinition property : bean.findProperties()) {
        if (property.couldDeserialize()) {
          String path = where + "." + property.getName();
          properties.set(property.getName(), schema(property.getPrimaryType(), "", path, visiting));
        }
      }
      if (properties.isEmpty()) {
        throw unsupported(where, type, "the POJO has no property Jackson can set");
      }
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    node.put("additionalProperties", false);
    visiting.remove(raw);
  }

  private static boolean isIntegral(Class<?> raw) {
    return raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
        || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
        || raw == BigInteger.class;
  }

  private static boolean isFloating(Class<?> raw) {
    return raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
        || raw == BigDecimal.class;
  }

  private static IllegalArgumentException unsupported(String where, JavaType type, String why) {
    return new IllegalArgumentException(
        where + ": type " + type.toCanonical() + " is not supported (" + why + ")");
  }
}
