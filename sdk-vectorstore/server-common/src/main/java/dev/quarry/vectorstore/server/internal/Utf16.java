package dev.quarry.vectorstore.server.internal;

/** Whether a string survives UTF-8, which JSON on the wire and protobuf strings use. */
public final class Utf16 {
  private Utf16() {}

  /** Whether {@code text} has no unpaired surrogate, the one thing of a Java string that UTF-8 cannot carry. */
  public static boolean wellFormed(String text) {
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
