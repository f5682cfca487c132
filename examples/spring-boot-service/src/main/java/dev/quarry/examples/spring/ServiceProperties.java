package dev.quarry.examples.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own {@code service.*} properties; Quarry's stack is configured with {@code quarry.*}.
 *
 * @param chat the OpenAI-compatible chat server, if any
 * @param documents limits of {@code POST /documents}
 * @param assistant the shop assistant
 */
@ConfigurationProperties("service")
public record ServiceProperties(@DefaultValue Chat chat, @DefaultValue Documents documents,
    @DefaultValue Assistant assistant) {

  /**
   * {@code service.chat.*}: an OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio) reached with
   * LangChain4j's OpenAI client. Without a base URL there is no chat model: {@code /ask} answers extractively and
   * {@code /assistant} is unavailable.
   *
   * @param baseUrl the API root, e.g. {@code http://localhost:11434/v1}
   * @param model the model the server should run, e.g. {@code llama3.2}; required with a base URL
   * @param apiKey the bearer token; local servers need none
   * @param timeout how long one chat call may take
   */
  public record Chat(String baseUrl, String model, String apiKey, @DefaultValue("120s") Duration timeout) {
    @Override
    public String toString() {
      return "Chat[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + "]"; // never the key
    }
  }

  /**
   * {@code service.documents.*}.
   *
   * @param folderRoot the folder inside which {@code {"folder": ...}} may name a folder to ingest (links are
   *     followed before the check); unset, folders are refused and only uploads are ingested
   */
  public record Documents(Path folderRoot) {}

  /**
   * {@code service.assistant.*}.
   *
   * @param today the date the assistant is told it is; today's date when unset
   * @param maxSteps chat model calls the agent may make for one question
   */
  public record Assistant(LocalDate today, @DefaultValue("8") int maxSteps) {}
}
