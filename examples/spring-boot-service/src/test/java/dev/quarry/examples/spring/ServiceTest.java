package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service without a chat model, started once on a random port (every subclass shares the one Spring context,
 * so the ONNX model loads once) with its store in a fresh folder under {@code target/test-stores}, and small upload
 * limits so that a 413 takes little data. Tests talk to it over HTTP and use words no other test uses, so that they
 * do not see each other's documents.
 */
@SpringBootTest(classes = QuarryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "service.chat.base-url=", // no chat model, whatever the environment says
        "service.documents.folder-root=${java.io.tmpdir}", // where the tests' folders (@TempDir) are
        "spring.servlet.multipart.max-file-size=" + ServiceTest.MAX_FILE_KB + "KB",
        "spring.servlet.multipart.max-request-size=" + ServiceTest.MAX_REQUEST_KB + "KB",
        "server.tomcat.max-part-count=" + ServiceTest.MAX_PARTS})
abstract class ServiceTest {
  static final int MAX_FILE_KB = 64;
  static final int MAX_REQUEST_KB = 160;
  static final int MAX_PARTS = 20;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void storeFolder(DynamicPropertyRegistry registry) {
    Path folder = newStoreFolder();
    registry.add("quarry.store.folder", folder::toString);
  }

  /** A new, empty folder for a store, under the build folder (Surefire says where) or the temporary folder. */
  static Path newStoreFolder() {
    try {
      Path parent = Path.of(System.getProperty("service.test.stores", System.getProperty("java.io.tmpdir")));
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "store-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Http http() {
    return new Http(port);
  }

  /** Uploads {@code files} and checks that all of them loaded. */
  static JsonNode uploadAll(Http http, Http.FilePart... files) {
    Http.Reply reply = http.upload("/documents", java.util.List.of(files));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonNode report = reply.json();
    assertThat(report.get("filesLoaded").asInt()).as(reply.toString()).isEqualTo(files.length);
    return report;
  }
}
