package dev.quarry.springai;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.testkit.ChatModelContract;

/**
 * The chat model contract, run against the bridge over a scripted Spring AI chat model (a test double) that
 * answers every prompt with text and reports usage counting the prompt: every Quarry message kind and a tool spec
 * travel through Spring AI's message and options types.
 */
class SpringAiChatModelContractTest extends ChatModelContract {
  @Override
  protected ChatModel model() {
    return SpringAiChatModel.of(ScriptedSpringAiChatModel.replying("Hello."));
  }
}
