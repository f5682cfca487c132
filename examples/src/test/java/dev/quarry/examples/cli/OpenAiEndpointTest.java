package dev.quarry.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiEndpointTest {
  static Environment environment(Map<String, String> variables) {
    return name -> Optional.ofNullable(variables.get(name));
  }

  @Test
  void noBaseUrlMeansNoEndpoint() {
    assertThat(OpenAiEndpoint.from(environment(Map.of("QUARRY_OPENAI_MODEL", "m")))).isEmpty();
    assertThat(OpenAiEndpoint.from(environment(Map.of("QUARRY_OPENAI_BASE_URL", "  ")))).isEmpty();
  }

  @Test
  void aLocalServerGetsAPlaceholderKeyAndValuesAreTrimmed() {
    assertThat(OpenAiEndpoint.from(environment(
            Map.of("QUARRY_OPENAI_BASE_URL", " http://localhost:11434/v1 ", "QUARRY_OPENAI_MODEL", "llama3.2"))))
        .contains(new OpenAiEndpoint("http://localhost:11434/v1", "llama3.2", OpenAiEndpoint.PLACEHOLDER_API_KEY));
  }

  @Test
  void theKeyIsUsedButNeverShown() {
    OpenAiEndpoint endpoint = OpenAiEndpoint.from(environment(Map.of("QUARRY_OPENAI_BASE_URL", "https://api.example/v1",
        "QUARRY_OPENAI_MODEL", "gpt-x", "QUARRY_OPENAI_API_KEY", "sk-secret"))).orElseThrow();
    assertThat(endpoint.apiKey()).isEqualTo("sk-secret");
    assertThat(endpoint.toString()).isEqualTo("OpenAiEndpoint[gpt-x at https://api.example/v1]");
    assertThat(endpoint.chatModel().toString()).doesNotContain("sk-secret");
  }

  @Test
  void aBaseUrlNeedsAModelAndAnHttpScheme() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenAiEndpoint.from(environment(Map.of("QUARRY_OPENAI_BASE_URL", "http://h:1/v1"))))
        .withMessage("QUARRY_OPENAI_BASE_URL is set but QUARRY_OPENAI_MODEL is not: name the model the server should"
            + " run (e.g. llama3.2)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenAiEndpoint.from(environment(
            Map.of("QUARRY_OPENAI_BASE_URL", "ftp://h/v1", "QUARRY_OPENAI_MODEL", "m"))))
        .withMessageContaining("must be an http:// or https:// URL");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenAiEndpoint.from(environment(
            Map.of("QUARRY_OPENAI_BASE_URL", "http://bad host/v1", "QUARRY_OPENAI_MODEL", "m"))))
        .withMessage("QUARRY_OPENAI_BASE_URL is not a URL: 'http://bad host/v1'");
  }
}
