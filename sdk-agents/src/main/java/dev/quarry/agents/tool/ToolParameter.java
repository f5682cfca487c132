package dev.quarry.agents.tool;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Array;
import java.lang.reflect.Parameter;
import java.util.Optional;

/**
 * One parameter of a {@link Tool} method: its JSON name, the type Jackson binds, and whether the model may
 * leave it out.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the argument's key in the JSON object
 * @param type the bound type; for an {@code Optional<T>} parameter, {@code T}
 * @param wrapped whether the Java parameter is an {@code Optional}
 * @param optional whether the argument may be missing or null
 * @param description from {@link Param#description()}, or empty
 */
record ToolParameter(String name, JavaType type, boolean wrapped, boolean optional, String description) {

  /** Reads the parameter's annotation and type; {@code where} names the method in error messages. */
  static ToolParameter of(Parameter parameter, int index, ObjectMapper mapper, String where) {
    Param param = parameter.getAnnotation(Param.class);
    String name;
    if (param != null && !param.name().isBlank()) {
      name = param.name();
    } else if (parameter.isNamePresent()) {
      name = parameter.getName();
    } else {
      throw new IllegalArgumentException(where + ": parameter " + index + " has no name; compile with"
          + " -parameters or annotate it with @Param(name = \"...\")");
    }
    JavaType type = mapper.getTypeFactory().constructType(parameter.getParameterizedType());
    boolean wrapped = type.getRawClass() == Optional.class;
    if (wrapped) {
      if (type.containedTypeCount() != 1) {
        throw new IllegalArgumentException(where + ": parameter '" + name + "' is a raw Optional");
      }
      type = type.containedType(0);
    }
    boolean optional = wrapped || (param != null && param.optional());
    return new ToolParameter(name, type, wrapped, optional, param == null ? "" : param.description());
  }

  /** Binds the (already validated) argument, or the default when it is missing or null. */
  Object bind(JsonNode argument, ObjectMapper mapper) throws ToolArgumentException {
    Object value;
    if (argument == null || argument.isNull()) {
      value = type.isPrimitive() ? Array.get(Array.newInstance(type.getRawClass(), 1), 0) : null;
    } else {
      try {
        value = mapper.treeToValue(argument, type);
      } catch (JacksonException | IllegalArgumentException e) {
        String detail = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        throw new ToolArgumentException(
            "argument '" + name + "' could not be read as " + type.toCanonical() + ": " + detail);
      }
    }
    return wrapped ? Optional.ofNullable(value) : value;
  }
}
