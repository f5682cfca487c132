package dev.quarry.api.chat;

/**
 * One turn of a conversation with a chat model. The hierarchy is sealed, so a {@code switch} over it is
 * exhaustive and a bridge to another library maps every case.
 *
 * <p>All implementations are immutable records and thread-safe.
 */
public sealed interface Message
    permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {}
