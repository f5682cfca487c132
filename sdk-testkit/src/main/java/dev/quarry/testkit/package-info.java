/**
 * Test support for Quarry and its users: {@link dev.quarry.testkit.ScriptedChatModel}, a chat model that
 * answers from a script, and abstract JUnit suites ({@link dev.quarry.testkit.ChatModelContract}) that every
 * implementation of a contract extends. For tests only; nothing here belongs on a production class path.
 */
package dev.quarry.testkit;
