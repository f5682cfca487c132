package dev.quarry.rag.budget;

import java.util.List;

/**
 * Everything a prompt holds besides the retrieved context, whose tokens a {@link ContextBudget} reserves before
 * it fills the rest with passages. The question and history change with every call, so they are given per
 * {@link ContextBudget#pack(PromptParts, List) pack} rather than fixed in the budget.
 *
 * <p>Immutable and thread-safe.
 *
 * @param systemPrompt the system message, empty when there is none
 * @param question the user's question, empty when it is already part of {@code templateText}
 * @param history earlier turns of the conversation, one text per message, oldest first
 * @param templateText the fixed text of the prompt template around the context (instructions, labels), empty
 *     when there is none
 * @param reservedTokens further tokens to keep free, for what is not text here: per-message overhead of a chat
 *     format, tool specifications
 */
public record PromptParts(
    String systemPrompt, String question, List<String> history, String templateText, int reservedTokens) {
  public PromptParts {
    requireText(systemPrompt, "systemPrompt");
    requireText(question, "question");
    requireText(templateText, "templateText");
    if (history == null) {
      throw new IllegalArgumentException("history must not be null (use an empty list)");
    }
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i) == null) {
        throw new IllegalArgumentException("history must not contain null (index " + i + ")");
      }
    }
    history = List.copyOf(history);
    if (reservedTokens < 0) {
      throw new IllegalArgumentException("reservedTokens must be >= 0, was " + reservedTokens);
    }
  }

  /** Only a question: no system prompt, history, template text or extra reservation. */
  public static PromptParts of(String question) {
    return new PromptParts("", question, List.of(), "", 0);
  }

  /** These parts with another system prompt. */
  public PromptParts withSystemPrompt(String systemPrompt) {
    return new PromptParts(systemPrompt, question, history, templateText, reservedTokens);
  }

  /** These parts with another conversation history. */
  public PromptParts withHistory(List<String> history) {
    return new PromptParts(systemPrompt, question, history, templateText, reservedTokens);
  }

  /** These parts with another template text. */
  public PromptParts withTemplateText(String templateText) {
    return new PromptParts(systemPrompt, question, history, templateText, reservedTokens);
  }

  /** These parts with another count of extra reserved tokens. */
  public PromptParts withReservedTokens(int reservedTokens) {
    return new PromptParts(systemPrompt, question, history, templateText, reservedTokens);
  }

  private static void requireText(String text, String what) {
    if (text == null) {
      throw new IllegalArgumentException(what + " must not be null (use \"\" for none)");
    }
  }
}
