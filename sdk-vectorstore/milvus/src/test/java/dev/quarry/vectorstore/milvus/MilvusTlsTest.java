package dev.quarry.vectorstore.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.QuarryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS settings reach the SDK: a {@link MilvusTestServer} test double speaking TLS with a self-signed
 * certificate (made with the JDK's {@code keytool}) is reached through {@link MilvusVectorStore.Builder#caCertificate}
 * and is not trusted without it; one that requires a client certificate is reached with {@link
 * MilvusVectorStore.Builder#clientCertificate} and refuses a client without one.
 */
class MilvusTlsTest {
  private static final String PASSWORD = "quarry-test";
  @TempDir static Path dir;
  private static MilvusTestServer server;
  private static MilvusTestServer mutual;
  private static Path certificate;
  private static Path key;
  private static KeyStore keys;

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();
    keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    certificate = pem(dir.resolve("server.crt"), "CERTIFICATE", keys.getCertificate("server").getEncoded());
    key = pem(dir.resolve("server.key"), "PRIVATE KEY", keys.getKey("server", PASSWORD.toCharArray()).getEncoded());
    server = MilvusTestServer.start(certificate, key, null);
    mutual = MilvusTestServer.start(certificate, key, certificate); // the self-signed certificate is the client's too
  }

  @AfterAll
  static void stop() {
    for (MilvusTestServer started : new MilvusTestServer[] {server, mutual}) {
      if (started != null) {
        started.close();
      }
    }
  }

  @Test
  void aServerCertificateGivenAsPemIsTrusted() {
    try (MilvusVectorStore store = MilvusVectorStore.builder(server.uri(), 4).collection("tls_pem")
        .caCertificate(certificate).build()) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void aClientCertificateReachesAServerThatRequiresOne() {
    try (MilvusVectorStore store = MilvusVectorStore.builder(mutual.uri(), 4).collection("tls_mutual")
        .caCertificate(certificate).clientCertificate(certificate, key).build()) {
      assertThat(store.count()).isZero();
    }
    assertThatThrownBy(() -> MilvusVectorStore.builder(mutual.uri(), 4).collection("tls_mutual")
        .caCertificate(certificate).connectTimeout(Duration.ofMillis(500)).build())
        .as("without the client certificate").isInstanceOf(QuarryException.class);
  }

  @Test
  void anUntrustedServerIsNotReached() {
    assertThatThrownBy(() -> MilvusVectorStore.builder(server.uri(), 4).collection("tls_untrusted")
        .connectTimeout(Duration.ofMillis(500)).build()).isInstanceOf(QuarryException.class)
        .hasMessageContaining("the connection");
  }

  @Test
  void tlsFilesMustBeReadableAndMutualTlsNeedsTheAuthority() {
    assertThatThrownBy(() -> MilvusVectorStore.builder(server.uri(), 4).caCertificate(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable PEM file");
    assertThatThrownBy(() -> MilvusVectorStore.builder(server.uri(), 4).clientCertificate(certificate, certificate)
        .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caCertificate");
  }

  private static Path pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    return file;
  }
}
