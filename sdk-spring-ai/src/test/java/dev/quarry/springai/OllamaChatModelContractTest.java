package dev.quarry.springai;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.testkit.ChatModelContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The chat model contract, run against the bridge over Spring AI's real {@code OllamaChatModel} talking to a fake
 * Ollama server that answers every request with text: every Quarry message kind travels over HTTP and back.
 */
class OllamaChatModelContractTest extends ChatModelContract {
  private FakeOllamaServer server;

  @BeforeEach
  void start() {
    server =
        FakeOllamaServer.chatting(
            request ->
                FakeOllamaServer.Reply.ok(
                    FakeOllamaServer.chatReply("{\"role\":\"assistant\",\"content\":\"Hello.\"}", 12, 2)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected ChatModel model() {
    return SpringAiChatModel.of(OllamaBridgeTest.ollamaChat(server));
  }
}
