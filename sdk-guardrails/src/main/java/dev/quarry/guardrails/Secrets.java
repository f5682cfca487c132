package dev.quarry.guardrails;

import java.util.List;
import java.util.Locale;

/**
 * The shapes of credentials ({@link Redactor.Category#API_KEY}): the prefixes providers put on their keys, JSON
 * Web Tokens, PEM private-key blocks, {@code Bearer} tokens and values assigned to names such as
 * {@code api_key} or {@code password}. Stateless.
 */
final class Secrets {
  private Secrets() {}

  /** The finders of every shape, in no particular order. */
  static List<SpanFinder> finders() {
    Redactor.Category c = Redactor.Category.API_KEY;
    return List.of(
        // AWS access key ids
        RegexFinder.of(c, "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
            "AKIA", "ASIA", "ABIA", "ACCA"),
        // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained PATs
        RegexFinder.of(c, "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{22,255}+)",
            "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        // OpenAI-style (and Anthropic) secret keys: sk- and a long base62 tail with letters and digits
        RegexFinder.of(c, "(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,250}+", 0, Secrets::lettersAndDigits, false,
            "sk-"),
        // Slack tokens and incoming webhooks
        RegexFinder.of(c, "(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,250}+", "xox"),
        RegexFinder.of(c, "https://hooks\\.slack\\.com/services/[A-Za-z0-9_/]{20,200}+", "hooks.slack.com"),
        // Google API keys
        RegexFinder.of(c, "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", "AIza"),
        // Stripe secret and restricted keys
        RegexFinder.of(c, "(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,250}+", "_live_", "_test_"),
        // JSON Web Tokens: header and payload are base64url JSON objects ("eyJ" is '{"')
        RegexFinder.of(c, "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}+\\.eyJ[A-Za-z0-9_-]{8,8192}+"
            + "\\.[A-Za-z0-9_-]{8,4096}+", "eyJ"),
        // Authorization: Bearer <token>; the token only, with letters and digits
        RegexFinder.of(c, "(?i)(?<![a-z])bearer[ \\t]{1,3}([A-Za-z0-9._~+/-]{16,4096}+=*)", 1,
            Secrets::lettersAndDigits, true, "bearer"),
        // api_key = "...", password: ..., client_secret=...; the value only
        RegexFinder.of(c, "(?i)(?<![a-z0-9_])(?:api[_-]?key|api[_-]?secret|secret[_-]?key|client[_-]?secret"
            + "|access[_-]?key(?:[_-]?id)?|secret[_-]?access[_-]?key|access[_-]?token|auth[_-]?token"
            + "|refresh[_-]?token|private[_-]?key|password|passwd|pwd|passphrase)[\"']?[ \\t]{0,3}[:=][ \\t]{0,3}"
            + "[\"']?([^\\s\"',;]{6,512}+)", 1, Secrets::assignedValue, true, "key", "secret", "token",
            "pass", "pwd"),
        new PemBlocks());
  }

  /** Accepts a token holding at least one letter and one digit (so {@code Bearer authentication} is kept). */
  static void lettersAndDigits(String text, int start, int end, Redactor.Category category, List<Span> out) {
    boolean letter = false;
    boolean digit = false;
    for (int k = start; k < end && !(letter && digit); k++) {
      char ch = text.charAt(k);
      letter |= Character.isLetter(ch);
      digit |= ch >= '0' && ch <= '9';
    }
    if (letter && digit) {
      out.add(new Span(category, start, end));
    }
  }

  /**
   * Accepts an assigned value unless it is a placeholder ({@code <key>}, {@code ${KEY}}, {@code xxxx},
   * {@code ****}, {@code changeme}) or a plain word: a value must hold a digit or a symbol, or be 20 chars long.
   */
  static void assignedValue(String text, int start, int end, Redactor.Category category, List<Span> out) {
    String value = text.substring(start, end);
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("<") || lower.startsWith("${") || lower.startsWith("{{") || lower.startsWith("%(")
        || lower.chars().allMatch(ch -> ch == 'x' || ch == '*' || ch == '.') || lower.equals("changeme")) {
      return;
    }
    boolean marked = value.length() >= 20;
    for (int k = 0; k < value.length() && !marked; k++) {
      char ch = value.charAt(k);
      marked = ch >= '0' && ch <= '9' || !Character.isLetter(ch) && k < value.length() - 1;
    }
    if (marked) {
      out.add(new Span(category, start, end));
    }
  }
}
