package dev.quarry.vectorstore.chroma;

/** Which strings Chroma can hold as they are: JSON on the wire is UTF-8, which has no unpaired surrogates. */
final class ChromaStrings {
  private ChromaStrings() {}

  /** Whether {@code text} has no unpaired surrogate (Chroma also holds NUL characters, unlike PostgreSQL). */
  static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
