package dev.quarry.guardrails;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Base64 blobs in a text that decode to readable text: what an attacker uses to slip instructions past word
 * rules. A blob is 20 to 8192 base64 chars (standard or URL alphabet) with both cases or digits, starting after a
 * char it could not hold; it counts if it decodes to valid UTF-8 of which at least 90% is letters, digits, spaces
 * and punctuation, with at least two spaces. Each char of the text is read at most once. Stateless.
 */
final class EncodedPayloads {
  /** A decoded blob and where it was in the original text. */
  record Payload(String text, int start, int end) {}

  private static final Pattern BLOB =
      Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{20,8192}+={0,2}(?![A-Za-z0-9+/=_-])");

  private EncodedPayloads() {}

  static List<Payload> find(String text) {
    List<Payload> payloads = new ArrayList<>();
    Matcher m = BLOB.matcher(text);
    while (m.find()) {
      String blob = m.group();
      if (!mixed(blob)) {
        continue;
      }
      String decoded = decode(blob);
      if (decoded != null && readable(decoded)) {
        payloads.add(new Payload(decoded, m.start(), m.end()));
      }
    }
    return payloads;
  }

  /** Upper and lower case, or letters and digits: random-looking, unlike a long word. */
  private static boolean mixed(String blob) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int k = 0; k < blob.length(); k++) {
      char c = blob.charAt(k);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower || (upper || lower) && digit;
  }

  private static String decode(String blob) {
    String body = blob.replace("=", "");
    if (body.length() % 4 == 1) {
      return null;
    }
    boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
    try {
      byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(body));
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  private static String pad(String body) {
    return switch (body.length() % 4) {
      case 2 -> body + "==";
      case 3 -> body + "=";
      default -> body;
    };
  }

  private static boolean readable(String decoded) {
    int good = 0;
    int spaces = 0;
    for (int k = 0; k < decoded.length(); k++) {
      char c = decoded.charAt(k);
      if (c == ' ') {
        spaces++;
      }
      if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || c >= 0x21 && c <= 0x7e) {
        good++;
      }
    }
    return spaces >= 2 && good >= 0.9 * decoded.length();
  }
}
