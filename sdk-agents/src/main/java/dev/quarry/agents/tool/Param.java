package dev.quarry.agents.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method, or a component of a record used as an argument.
 *
 * <p>Java keeps method parameter names only when the code is compiled with {@code -parameters}; without
 * it every tool parameter needs {@link #name()}. Record component names are always kept. A parameter of
 * type {@link java.util.Optional} is optional whatever {@link #optional()} says.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface Param {
  /** The argument's name in the JSON; empty means the Java name (method parameters need -parameters). */
  String name() default "";

  /** What the argument means, with units and format where they matter. */
  String description() default "";

  /** Whether the model may leave the argument out; it is then bound to null (or an empty Optional). */
  boolean optional() default false;
}
