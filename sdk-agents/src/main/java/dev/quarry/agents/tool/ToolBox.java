package dev.quarry.agents.tool;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of one or more objects: every public method annotated {@link Tool} becomes a {@link ToolSpec}
 * for the chat model, and {@link #execute(ToolCall)} runs the model's calls.
 *
 * <pre>{@code
 * ToolBox tools = ToolBox.of(new WeatherTools(), new CalendarTools());
 * ChatRequest request = ... tools.specs() ...;
 * ToolOutcome outcome = tools.execute(toolCall); // never throws for a bad call
 * messages.add(outcome.toMessage());
 * }</pre>
 *
 * <p>Everything that can be checked without the model is checked here, at build time: names, duplicate
 * names, descriptions, supported parameter types. At run time every failure (unknown tool, invalid JSON,
 * missing, unknown or mistyped arguments, an exception from the tool) becomes an error {@link ToolOutcome}
 * whose text the model can read and act on.
 *
 * <p>Immutable and thread-safe; calls run concurrently on the caller's thread, so the targets' tool methods
 * must be thread-safe themselves if the box is shared.
 */
public final class ToolBox {
  private static final Logger LOG = LoggerFactory.getLogger(ToolBox.class);

  private final ObjectMapper mapper;
  private final Map<String, ToolMethod> tools;
  private final List<ToolSpec> specs;

  private ToolBox(ObjectMapper mapper, Map<String, ToolMethod> tools) {
    this.mapper = mapper;
    this.tools = tools;
    this.specs = tools.values().stream().map(ToolMethod::spec).toList();
  }

  /**
   * Collects the {@link Tool} methods of {@code targets}, in target order then method-name order.
   *
   * @throws IllegalArgumentException when there is no target, a target has no tool, two tools share a
   *     name, or a tool's name, description or parameter types are unsupported
   */
  public static ToolBox of(Object... targets) {
    Objects.requireNonNull(targets, "targets");
    if (targets.length == 0) {
      throw new IllegalArgumentException("ToolBox needs at least one object with @Tool methods");
    }
    ObjectMapper mapper = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    JsonSchemas schemas = new JsonSchemas(mapper);
    Map<String, ToolMethod> tools = new LinkedHashMap<>();
    for (Object target : targets) {
      if (target == null) {
        throw new IllegalArgumentException("ToolBox targets must not be null");
      }
      List<Method> methods = Arrays.stream(target.getClass().getMethods())
          .filter(method -> method.isAnnotationPresent(Tool.class))
          .sorted(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString))
          .toList();
      if (methods.isEmpty()) {
        throw new IllegalArgumentException(
            target.getClass().getName() + " has no public method annotated @Tool");
      }
      for (Method method : methods) {
        ToolMethod tool = ToolMethod.of(target, method, mapper, schemas);
        ToolMethod previous = tools.putIfAbsent(tool.spec().name(), tool);
        if (previous != null) {
          throw new IllegalArgumentException("two tools are named '" + tool.spec().name()
              + "'; set @Tool(name = ...) on one of them (" + method + ")");
        }
      }
    }
    return new ToolBox(mapper, Collections.unmodifiableMap(tools));
  }

  /** The tools' specs, to send with each chat request; immutable. */
  public List<ToolSpec> specs() {
    return specs;
  }

  /**
   * Validates the call's arguments, runs the tool and serialises its result: a String as-is, {@code ok}
   * for void, anything else as JSON. Never throws for a bad call: failures are error outcomes.
   */
  public ToolOutcome execute(ToolCall call) {
    Objects.requireNonNull(call, "call");
    long start = System.nanoTime();
    ToolMethod tool = tools.get(call.name());
    if (tool == null) {
      return outcome(call, "unknown tool '" + call.name() + "'; available tools: "
          + specs.stream().map(ToolSpec::name).toList(), true, start);
    }
    try {
      return outcome(call, tool.call(call.argumentsJson(), mapper), false, start);
    } catch (ToolArgumentException e) {
      return outcome(call, "invalid arguments for tool '" + call.name() + "': " + e.getMessage(), true,
          start);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      LOG.debug("tool '{}' failed", call.name(), cause);
      String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
      return outcome(call, "tool '" + call.name() + "' failed: " + cause.getClass().getSimpleName()
          + message, true, start);
    } catch (RuntimeException e) {
      LOG.warn("tool '{}' could not be run", call.name(), e);
      return outcome(call, "tool '" + call.name() + "' could not be run: " + e.getMessage(), true, start);
    }
  }

  private static ToolOutcome outcome(ToolCall call, String content, boolean error, long start) {
    return new ToolOutcome(
        call.id(), call.name(), content, error, Duration.ofNanos(System.nanoTime() - start));
  }
}
