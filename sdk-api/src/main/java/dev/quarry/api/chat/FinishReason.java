package dev.quarry.api.chat;

/** Why the model stopped generating. */
public enum FinishReason {
  /** It finished its answer. */
  STOP,
  /** It asks for tools to run. */
  TOOL_CALLS,
  /** It hit the output token limit; the text is cut. */
  LENGTH,
  /** The provider filtered the content. */
  CONTENT_FILTER,
  /** The provider gave another or no reason. */
  OTHER
}
