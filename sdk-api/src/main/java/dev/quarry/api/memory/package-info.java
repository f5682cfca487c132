/**
 * Chat memory: what a conversation remembers (an agent's, or a {@code Rag} pipeline's follow-up questions),
 * trimmed to a window of messages ({@link dev.quarry.api.memory.MessageWindowMemory}) or of tokens
 * ({@link dev.quarry.api.memory.TokenWindowMemory}) and persisted by id through a pluggable
 * {@link dev.quarry.api.memory.ChatMemoryStore}. The system message is pinned; an assistant's tool calls and their
 * results are forgotten together. Warnings (history trimmed on load, an exchange kept over its window) go to
 * {@link java.lang.System.Logger}, which SLF4J and Log4j can receive through their platform-logging bridges.
 */
package dev.quarry.api.memory;
