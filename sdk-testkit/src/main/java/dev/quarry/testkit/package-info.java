/**
 * Test support for Quarry and its users: test doubles ({@link dev.quarry.testkit.ScriptedChatModel}, a chat model
 * that answers from a script; {@link dev.quarry.testkit.HashingEmbeddingModel}; {@link
 * dev.quarry.testkit.WordTokenizer}; {@link dev.quarry.testkit.ManualClock}) and abstract JUnit suites that every
 * implementation of a contract extends ({@link dev.quarry.testkit.ChatModelContract}, {@link
 * dev.quarry.testkit.VectorStoreContract}, {@link dev.quarry.testkit.RetrieverContract}, {@link
 * dev.quarry.testkit.TokenCounterContract}). For tests only; nothing here belongs on a production class path.
 */
package dev.quarry.testkit;
