package dev.quarry.agents.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a tool a chat model may call; {@link ToolBox#of(Object...)} finds it.
 *
 * <p>The model chooses tools by their description, so say when and why to use the tool, not how it is
 * implemented. Parameters are described with {@link Param}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
  /** The tool's name as the model sees it; empty means the method's name. */
  String name() default "";

  /** When and why to use the tool. Required: a tool without a description is rarely chosen well. */
  String description();

  /**
   * Whether the tool changes something outside the agent: sends a message, writes, pays, deletes. An agent calls
   * such a tool only when the user's message asked for it (in its first reply to that message, before any tool
   * result came in), or when its {@link dev.quarry.agents.ToolApproval} approves: text from a document or a tool
   * result can never set it off alone. Default {@code false}.
   */
  boolean sideEffects() default false;
}
