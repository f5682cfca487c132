package dev.quarry.examples.spring;

import dev.quarry.agents.AgentResult;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.examples.ShopAssistant;
import dev.quarry.samples.SampleShopDatabase;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code quarry-examples} {@link ShopAssistant} as a bean: an agent with a search over the shop's policies and
 * text-to-SQL over the sample shop ({@link SampleShopDatabase}, in-memory H2, read as a user that may only read the
 * public tables), embedding the policies with the starter's model into a store of their own, so they never mix with
 * the documents users ingest. It needs the application's chat model; without one it is {@linkplain #available()
 * unavailable} and creates nothing.
 *
 * <p>Thread-safe. At most {@link #MAX_CONCURRENT_QUESTIONS} questions run at once (each may make several model
 * calls and queries); more get a 503.
 */
@Service
public class ShopAssistantService implements AutoCloseable {
  /** Questions the assistant works on at the same time. */
  static final int MAX_CONCURRENT_QUESTIONS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(ShopAssistantService.class);

  private final Optional<ShopAssistant> assistant;
  private final Semaphore running = new Semaphore(MAX_CONCURRENT_QUESTIONS);

  ShopAssistantService(ObjectProvider<ChatModel> chatModel, EmbeddingModel embeddings,
      ServiceProperties properties) {
    ChatModel model = chatModel.getIfUnique();
    if (model == null) {
      LOG.info("No chat model configured (service.chat.base-url): POST /assistant answers 503");
      this.assistant = Optional.empty();
    } else {
      ShopAssistant.Builder builder = ShopAssistant.builder(new MeteredChatModel(model)).embeddingModel(embeddings)
          .maxSteps(properties.assistant().maxSteps());
      if (properties.assistant().today() != null) {
        builder.today(properties.assistant().today());
      }
      this.assistant = Optional.of(builder.open());
      LOG.info("Shop assistant ready: {} policies, sample shop database {}", ShopAssistant.POLICIES.size(),
          assistant.get().jdbcUrl());
    }
  }

  /** Whether there is a chat model to run the assistant. */
  public boolean available() {
    return assistant.isPresent();
  }

  /**
   * Runs the agent on {@code question}; the usage is the tokens of all chat calls the question caused, those of
   * the agent and those of its tools.
   *
   * @throws IllegalStateException if the assistant is not {@linkplain #available() available}
   * @throws ResponseStatusException 503 when {@link #MAX_CONCURRENT_QUESTIONS} questions are already running
   */
  public MeteredChatModel.Metered<AgentResult> ask(String question) {
    ShopAssistant shop = assistant.orElseThrow(() -> new IllegalStateException("the shop assistant has no chat"
        + " model"));
    if (!running.tryAcquire()) {
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the assistant is answering "
          + MAX_CONCURRENT_QUESTIONS + " questions already; try again shortly");
    }
    try {
      return MeteredChatModel.metered(() -> shop.ask(question));
    } finally {
      running.release();
    }
  }

  /** The in-memory database's URL, for tests that check the answer against it; empty when unavailable. */
  public Optional<String> jdbcUrl() {
    return assistant.map(ShopAssistant::jdbcUrl);
  }

  /** Drops the database and frees the policy store. */
  @Override
  public void close() {
    assistant.ifPresent(ShopAssistant::close);
  }
}
