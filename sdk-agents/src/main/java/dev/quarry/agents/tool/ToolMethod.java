package dev.quarry.agents.tool;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.api.chat.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@link Tool} method bound to its target: the spec shown to the model, and the call that validates
 * arguments, invokes the method and serialises the result.
 *
 * <p>Thread-safe when the target's method is: this class holds only immutable state.
 */
final class ToolMethod {
  private final Object target;
  private final Method method;
  private final List<ToolParameter> parameters;
  private final ObjectNode schema;
  private final ToolSpec spec;

  private ToolMethod(Object target, Method method, List<ToolParameter> parameters, ObjectNode schema,
      ToolSpec spec) {
    this.target = target;
    this.method = method;
    this.parameters = parameters;
    this.schema = schema;
    this.spec = spec;
  }

  /** Reads {@code method}'s {@link Tool} annotation and parameters; fails on anything unsupported. */
  static ToolMethod of(Object target, Method method, ObjectMapper mapper, JsonSchemas schemas) {
    Tool tool = method.getAnnotation(Tool.class);
    String name = tool.name().isBlank() ? method.getName() : tool.name();
    String where = "tool '" + name + "' (" + method.getDeclaringClass().getName() + "."
        + method.getName() + ")";
    if (tool.description().isBlank()) {
      throw new IllegalArgumentException(where + ": @Tool description must not be blank");
    }
    List<ToolParameter> parameters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    ObjectNode schema = mapper.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = mapper.createArrayNode();
    Parameter[] javaParameters = method.getParameters();
    for (int i = 0; i < javaParameters.length; i++) {
      ToolParameter parameter = ToolParameter.of(javaParameters[i], i, mapper, where);
      if (!names.add(parameter.name())) {
        throw new IllegalArgumentException(where + ": two parameters are named '" + parameter.name() + "'");
      }
      properties.set(parameter.name(), schemas.schemaOf(
          parameter.type(), parameter.description(), where + " parameter '" + parameter.name() + "'"));
      if (!parameter.optional()) {
        required.add(parameter.name());
      }
      parameters.add(parameter);
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    schema.put("additionalProperties", false);
    if (!method.trySetAccessible()) {
      throw new IllegalArgumentException(where + ": the method is not accessible to quarry-agents");
    }
    ToolSpec spec = new ToolSpec(name, tool.description(), schema.toString());
    return new ToolMethod(target, method, List.copyOf(parameters), schema, spec);
  }

  ToolSpec spec() {
    return spec;
  }

  /**
   * Runs the tool.
   *
   * @throws ToolArgumentException when the arguments are not valid JSON or do not fit the schema
   * @throws InvocationTargetException wrapping what the tool itself threw
   */
  String call(String argumentsJson, ObjectMapper mapper)
      throws ToolArgumentException, InvocationTargetException {
    JsonNode arguments;
    try {
      arguments = mapper.readTree(argumentsJson);
    } catch (JacksonException e) {
      throw new ToolArgumentException("the arguments are not valid JSON: " + e.getOriginalMessage());
    }
    ArgumentValidator.validate(arguments, schema, "");
    Object[] values = new Object[parameters.size()];
    for (int i = 0; i < values.length; i++) {
      ToolParameter parameter = parameters.get(i);
      values[i] = parameter.bind(arguments.get(parameter.name()), mapper);
    }
    Object result;
    try {
      result = method.invoke(target, values);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("tool '" + spec.name() + "' became inaccessible", e);
    }
    if (method.getReturnType() == void.class) {
      return "ok";
    }
    if (result instanceof String text) {
      return text;
    }
    try {
      return mapper.writeValueAsString(result);
    } catch (JacksonException e) {
      throw new IllegalStateException(
          "the result of tool '" + spec.name() + "' could not be serialised: " + e.getOriginalMessage(), e);
    }
  }
}
