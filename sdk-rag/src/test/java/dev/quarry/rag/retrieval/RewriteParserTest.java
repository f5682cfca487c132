package dev.quarry.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewriteParserTest {
  private static final String Q = "How do I reset my password?";

  @Test
  void readsOneRewritePerLine() {
    String reply = "How can I change a forgotten password?\nSteps to recover account access\nPassword reset procedure";

    assertThat(RewriteParser.parse(reply, Q, 3))
        .containsExactly(
            "How can I change a forgotten password?", "Steps to recover account access", "Password reset procedure");
  }

  @Test
  void stripsNumberingBulletsQuotesAndBlankLines() {
    String reply =
        """
        1. "How can I change a forgotten password?"

        2) Steps to recover account access
        (3) 'Password reset procedure'
        - “Restore login credentials”
        * **Rewrite 5:** Forgot password help
        • `password recovery`
        """;

    assertThat(RewriteParser.parse(reply, Q, 10))
        .containsExactly(
            "How can I change a forgotten password?",
            "Steps to recover account access",
            "Password reset procedure",
            "Restore login credentials",
            "Forgot password help",
            "password recovery");
  }

  @Test
  void skipsPreamblesHeadingsAndFences() {
    String reply =
        """
        Sure! Here are three rewrites of your question.
        Rewrites:
        ```
        Query 1: change a forgotten password
        ```
        """;

    assertThat(RewriteParser.parse(reply, Q, 3)).containsExactly("change a forgotten password");
  }

  @Test
  void dropsTheOriginalAndRepeatsIgnoringCaseSpacingAndPunctuation() {
    String reply = "how do I  reset my password\nreset password steps\nRESET PASSWORD STEPS?\n" + Q;

    assertThat(RewriteParser.parse(reply, Q, 3)).containsExactly("reset password steps");
  }

  @Test
  void keepsAtMostTheNumberAskedFor() {
    assertThat(RewriteParser.parse("one\ntwo\nthree\nfour\nfive", Q, 2)).containsExactly("one", "two");
  }

  @Test
  void readsAJsonArray() {
    String reply = "[\"change a \\\"forgotten\\\" password\", \"recover account access\"]";

    assertThat(RewriteParser.parse(reply, Q, 3))
        .containsExactly("change a \"forgotten\" password", "recover account access");
  }

  @Test
  void aReplyWithNothingUsableGivesNoRewrite() {
    assertThat(RewriteParser.parse("", Q, 3)).isEmpty();
    assertThat(RewriteParser.parse("  \n\n ", Q, 3)).isEmpty();
    assertThat(RewriteParser.parse("1. " + Q + "\n- \"" + Q + "\"", Q, 3)).isEmpty();
    assertThat(RewriteParser.parse("Here are the rewrites:\n\"\"", Q, 3)).isEmpty();
  }

  @Test
  void leavesNumbersAndWordsThatBelongToTheQueryAlone() {
    String reply =
        "3.5 inch floppy disk capacity\n2024 election results\nVersion 2.0 release notes\n"
            + "Alternative-energy subsidies";

    assertThat(RewriteParser.parse(reply, Q, 4))
        .containsExactly(
            "3.5 inch floppy disk capacity", "2024 election results", "Version 2.0 release notes",
            "Alternative-energy subsidies");
  }
}
