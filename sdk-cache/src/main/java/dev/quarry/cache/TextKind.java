package dev.quarry.cache;

/**
 * Whether a text was embedded as a document or as a query. Asymmetric models (bge, e5) embed the two differently,
 * so the kind is part of the key.
 */
enum TextKind {
  DOCUMENT((byte) 'D'),
  QUERY((byte) 'Q');

  private final byte code;

  TextKind(byte code) {
    this.code = code;
  }

  /** The byte that stands for this kind in a key's digest. */
  byte code() {
    return code;
  }
}
