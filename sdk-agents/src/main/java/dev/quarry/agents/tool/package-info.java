/**
 * Java methods as tools for chat models: {@link dev.quarry.agents.tool.Tool @Tool} methods are turned into
 * {@link dev.quarry.api.chat.ToolSpec}s with a JSON schema, and a model's tool calls are validated, bound
 * with Jackson and run by a {@link dev.quarry.agents.tool.ToolBox}.
 */
package dev.quarry.agents.tool;
