package dev.quarry.examples.cli;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.langchain4j.LangChain4jChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio...) configured through environment
 * variables, reached with LangChain4j's OpenAI client.
 *
 * @param baseUrl the API root, e.g. {@code http://localhost:11434/v1}
 * @param modelName the model the server should run
 * @param apiKey the key sent as a bearer token; a placeholder for local servers, which need none
 */
record OpenAiEndpoint(String baseUrl, String modelName, String apiKey) {
  static final String BASE_URL = "QUARRY_OPENAI_BASE_URL";
  static final String MODEL = "QUARRY_OPENAI_MODEL";
  static final String API_KEY = "QUARRY_OPENAI_API_KEY";

  /** Sent when no key is set: local servers ignore it, and the client refuses to send none. */
  static final String PLACEHOLDER_API_KEY = "no-key";

  /** How long to wait to connect and for the whole answer: generous, since local models on a CPU are slow. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** None: the CLI fails at once with the reason, rather than making a person wait through a second timeout. */
  static final int MAX_RETRIES = 0;

  /** How to configure one, for messages that mention it. */
  static final String HOW_TO =
      "set " + BASE_URL + " (e.g. http://localhost:11434/v1 for Ollama) and " + MODEL + ", plus " + API_KEY
          + " if the server needs one";

  /**
   * The endpoint the environment configures, or empty when {@value #BASE_URL} is not set.
   *
   * @throws IllegalArgumentException if the base URL is set but is not an http(s) URL, or the model is not set
   */
  static Optional<OpenAiEndpoint> from(Environment environment) {
    Optional<String> baseUrl = environment.nonBlank(BASE_URL);
    if (baseUrl.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(baseUrl.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BASE_URL + " is not a URL: '" + baseUrl.get() + "'");
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          BASE_URL + " must be an http:// or https:// URL such as http://localhost:11434/v1, was '" + baseUrl.get()
              + "'");
    }
    String model = environment.nonBlank(MODEL).orElseThrow(() -> new IllegalArgumentException(
        BASE_URL + " is set but " + MODEL + " is not: name the model the server should run (e.g. llama3.2)"));
    return Optional.of(new OpenAiEndpoint(baseUrl.get(), model, environment.nonBlank(API_KEY)
        .orElse(PLACEHOLDER_API_KEY)));
  }

  /** A chat model that calls this endpoint; building it opens no connection. */
  ChatModel chatModel() {
    OpenAiChatModel client =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey)
            .modelName(modelName)
            .timeout(TIMEOUT)
            .maxRetries(MAX_RETRIES)
            .build();
    return new EndpointChatModel(this, LangChain4jChatModel.of(client));
  }

  /** Where and which model, without the key. */
  String describe() {
    return modelName + " at " + baseUrl;
  }

  @Override
  public String toString() {
    return "OpenAiEndpoint[" + describe() + "]"; // never the key
  }
}
