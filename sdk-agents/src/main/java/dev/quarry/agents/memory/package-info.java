/**
 * Chat memory: what an agent remembers of a conversation, trimmed to a window of messages
 * ({@link dev.quarry.agents.memory.MessageWindowMemory}) or of tokens
 * ({@link dev.quarry.agents.memory.TokenWindowMemory}) and persisted by id through a pluggable
 * {@link dev.quarry.agents.memory.ChatMemoryStore}. The system message is pinned; an assistant's tool calls
 * and their results are forgotten together.
 */
package dev.quarry.agents.memory;
