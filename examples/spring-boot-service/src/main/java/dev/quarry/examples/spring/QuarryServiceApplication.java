package dev.quarry.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A RAG web service on the Quarry Spring Boot starter: {@code POST /documents} ingests uploaded files or a
 * server-side folder, {@code GET /search} retrieves chunks, {@code POST /ask} answers with citations (through the
 * chat model when one is configured, else extractively) and {@code POST /assistant} runs the shop assistant agent
 * over the sample shop database and its policies. Errors are RFC 9457 problem details.
 *
 * <p>The starter makes the embedding model, store, BM25 index, ingestor, retriever and RAG pipeline from
 * {@code quarry.*} properties; this application adds the web layer, an optional chat model
 * ({@code service.chat.*}) and the assistant.
 */
@SpringBootApplication
@EnableConfigurationProperties(ServiceProperties.class)
public class QuarryServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(QuarryServiceApplication.class, args);
  }
}
