package dev.quarry.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.guardrails.Redactor.Category;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  private final Redactor redactor = Redactor.builder().build();

  /** Finds {@code secret} inside {@code sentence}: one finding, of {@code category}, exactly over it. */
  private void assertFinds(String category, String sentence, String secret) {
    List<Finding> findings = redactor.find(sentence);
    int at = sentence.indexOf(secret);
    assertThat(findings).as(sentence).containsExactly(new Finding(Redactor.NAME, category, at, at + secret.length()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      write to jane.doe+news@example.co.uk today | jane.doe+news@example.co.uk
      (j-massague@ski.mskcc.org). | j-massague@ski.mskcc.org
      CONTACT a.c.vanderwal@amc.uva.nl | a.c.vanderwal@amc.uva.nl
      """)
  void findsEmailAddresses(String sentence, String secret) {
    assertFinds("EMAIL", sentence, secret);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      Call +49 30 1234567 now | +49 30 1234567
      Tel.: +31-20-5665-633; | +31-20-5665-633
      FAX (212) 717-3298. | (212) 717-3298
      ring 212-555-0142 please | 212-555-0142
      ring 212.555.0142 please | 212.555.0142
      toll free 1-800-555-0199 | 1-800-555-0199
      Büro 030 12345678 | 030 12345678
      London 020 7946 0958 | 020 7946 0958
      Paris 06 12 34 56 78 | 06 12 34 56 78
      Munich (089) 1234567 | (089) 1234567
      Tel: 1234567 | 1234567
      phone 0049 30 1234567 | 0049 30 1234567
      """)
  void findsPhoneNumbers(String sentence, String secret) {
    assertFinds("PHONE", sentence, secret);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      card 4111 1111 1111 1111 exp 12/29 | 4111 1111 1111 1111
      card 4111-1111-1111-1111. | 4111-1111-1111-1111
      mc 5555555555554444 | 5555555555554444
      amex 3782 822463 10005 | 3782 822463 10005
      discover 6011 1111 1111 1117 | 6011 1111 1111 1117
      """)
  void findsLuhnValidCardNumbers(String sentence, String secret) {
    assertFinds("CARD", sentence, secret);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      key AKIAIOSFODNN7EXAMPLE in env | AKIAIOSFODNN7EXAMPLE
      token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here | ghp_abcdefghijklmnopqrstuvwxyz0123456789
      github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv
      OPENAI_KEY sk-proj-abcDEF1234567890abcdefXYZ | sk-proj-abcDEF1234567890abcdefXYZ
      slack xoxb-1234567890-abcdefghij done | xoxb-1234567890-abcdefghij
      maps AIzaSyA1234567890abcdefghijklmnopqrstuv ok | AIzaSyA1234567890abcdefghijklmnopqrstuv
      stripe sk_live_abcdefghijklmnop1234 ok | sk_live_abcdefghijklmnop1234
      Authorization: Bearer abc123def456ghi789jkl | abc123def456ghi789jkl
      export PASSWORD=hunter22 | hunter22
      "api_key": "9f8e7d6c5b4a39281706" | 9f8e7d6c5b4a39281706
      """)
  void findsApiKeysAndCredentials(String sentence, String secret) {
    assertFinds("API_KEY", sentence, secret);
  }

  @Test
  void findsJsonWebTokensAndPrivateKeyBlocks() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assertFinds("API_KEY", "cookie=" + jwt + ";", jwt);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcd==\n-----END RSA PRIVATE KEY-----";
    assertFinds("API_KEY", "key:\n" + pem + "\nthanks", pem);
    String unterminated = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASC";
    assertFinds("API_KEY", unterminated + "\nand then prose.", unterminated);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      pay to DE89 3704 0044 0532 0130 00 today | DE89 3704 0044 0532 0130 00
      IBAN GB82WEST12345698765432. | GB82WEST12345698765432
      """)
  void findsIbansThatPassTheMod97Check(String sentence, String secret) {
    assertFinds("IBAN", sentence, secret);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "card 4111-1111-1111-1112 fails the Luhn check",
      "ISBN 978-3-16-148410-0 and 9783161484100",
      "p < 0.001, n = 1234, r2=0.056, P = .67",
      "doi:10.1016/j.cell.2019.01.002 and doi:10.1007/s12551-010-0034-3",
      "dates 2019-03-14, 14.03.2019, 03/14/2019 and 1999-2004",
      "version 1.2.3, v2.10.4 and 10.0.19045.3693",
      "576 900 (330 000-701 200) years; 95% CI 160,000-450,000",
      "pp. 2784-2799; JAMA. 2000;283:3211-3216",
      "trial NCT00110123 and EUDRACT 2004-002245-12",
      "+1.42%/yr (+0.58 to +2.26; P < 0.005) and Y=0.5820+1.7348X",
      "host 192.168.100.200 at 12:30:45",
      "order number 1234567890 shipped",
      "invalid IBAN DE89 3704 0044 0532 0130 01",
      "Bearer authentication tokens; password: required; sk-learn",
      "AKIA1234 is too short",
      "IGH@-CRLF2 fusion in 14q32",
      "ranges 12000-53000 pounds and 1000-2000 transplants",
  })
  void leavesNearMissesAlone(String sentence) {
    assertThat(redactor.find(sentence)).as(sentence).isEmpty();
    assertThat(redactor.check(sentence)).isEqualTo(new GuardResult.Allow());
    assertThat(redactor.redact(sentence)).isSameAs(sentence);
  }

  @Test
  void replacesEverySpanAndReportsOffsetsIntoTheInput() {
    String text = "Mail jane@example.org or call +49 30 1234567; card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE,"
        + " IBAN DE89370400440532013000.";
    GuardResult result = redactor.check(text);

    assertThat(result).isInstanceOf(GuardResult.Transform.class);
    GuardResult.Transform t = (GuardResult.Transform) result;
    assertThat(t.text()).isEqualTo("Mail [EMAIL] or call [PHONE]; card [CARD], key [SECRET], IBAN [IBAN].");
    assertThat(t.findings()).extracting(Finding::category)
        .containsExactly("EMAIL", "PHONE", "CARD", "API_KEY", "IBAN");
    assertThat(t.findings()).extracting(f -> text.substring(f.start(), f.end())).containsExactly(
        "jane@example.org", "+49 30 1234567", "4111 1111 1111 1111", "AKIAIOSFODNN7EXAMPLE",
        "DE89370400440532013000");
  }

  @Test
  void credentialsWinOverlapsWithOtherCategories() {
    String text = "password=4111111111111111";
    assertThat(redactor.find(text)).containsExactly(new Finding(Redactor.NAME, "API_KEY", 9, 25));
  }

  @Test
  void findsOffsetsAfterSurrogatePairs() {
    String text = "\ud83d\ude00\ud83d\ude00 mail jane@example.org";
    Finding f = redactor.find(text).getFirst();
    assertThat(text.substring(f.start(), f.end())).isEqualTo("jane@example.org");
  }

  @Test
  void looksOnlyForTheChosenCategories() {
    Redactor emailOnly = Redactor.builder().categories(Category.EMAIL).build();
    assertThat(emailOnly.categories()).containsExactly(Category.EMAIL);
    assertThat(emailOnly.redact("jane@example.org, 4111 1111 1111 1111")).isEqualTo("[EMAIL], 4111 1111 1111 1111");
  }

  @Test
  void writesConfiguredReplacements() {
    Redactor custom = Redactor.builder().replacementFormat("<%s>").replacement(Category.CARD, "****").build();
    assertThat(custom.redact("jane@example.org 4111 1111 1111 1111 AKIAIOSFODNN7EXAMPLE"))
        .isEqualTo("<EMAIL> **** <SECRET>");
    assertThat(Redactor.builder().replacementFormat("").build().redact("a jane@example.org b")).isEqualTo("a  b");
  }

  @Test
  void refusesBadBuilderArguments() {
    assertThatThrownBy(() -> Redactor.builder().categories()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("categories");
    assertThatThrownBy(() -> Redactor.builder().categories((Category[]) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categories");
    assertThatThrownBy(() -> Redactor.builder().categories(Category.EMAIL, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categories");
    assertThatThrownBy(() -> Redactor.builder().replacementFormat(null)).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("format");
    assertThatThrownBy(() -> Redactor.builder().replacement(null, "x")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("category");
    assertThatThrownBy(() -> Redactor.builder().replacement(Category.CARD, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replacement");
    assertThatThrownBy(() -> redactor.check(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text");
    assertThatThrownBy(() -> redactor.redact(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text");
  }

  @Test
  void checksumsAreTheStandardOnes() {
    assertThat(CardNumbers.luhn("79927398713")).isTrue();
    assertThat(CardNumbers.luhn("79927398710")).isFalse();
    assertThat(Ibans.mod97("GB82WEST12345698765432")).isEqualTo(1);
    assertThat(Ibans.mod97("GB82WEST12345698765433")).isNotEqualTo(1);
  }
}
