package dev.quarry.langchain4j;

import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/** LangChain4j's real OpenAI client, pointed at a {@link ReplayingOpenAiServer} and told never to retry. */
final class OpenAiTestModels {
  private OpenAiTestModels() {}

  static OpenAiChatModel openAi(ReplayingOpenAiServer server) {
    return openAi(server, Duration.ofSeconds(10));
  }

  static OpenAiChatModel openAi(ReplayingOpenAiServer server, Duration timeout) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .timeout(timeout)
        .build();
  }
}
