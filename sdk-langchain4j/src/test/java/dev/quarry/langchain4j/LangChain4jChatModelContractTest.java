package dev.quarry.langchain4j;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.testkit.ChatModelContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The chat model contract, run against the bridge over LangChain4j's real OpenAI client talking to a server that
 * replays a recorded answer to every request: every Quarry message kind travels over HTTP and back.
 */
class LangChain4jChatModelContractTest extends ChatModelContract {
  private ReplayingOpenAiServer server;

  @BeforeEach
  void start() {
    server = ReplayingOpenAiServer.start().answerAlways(200, "chat-plain.json");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected ChatModel model() {
    return LangChain4jChatModel.of(OpenAiTestModels.openAi(server));
  }
}
