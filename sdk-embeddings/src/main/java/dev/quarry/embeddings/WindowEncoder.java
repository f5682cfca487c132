package dev.quarry.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes single texts for a classifier with a HuggingFace {@code tokenizer.json}, and cuts a text longer than the
 * model reads into windows, so that no part of it goes unread.
 *
 * <p>A text of at most {@code maxLength} tokens (special tokens included) is one window. A longer one is cut into
 * windows of {@code maxLength} tokens: each keeps the text's leading and trailing special tokens ({@code [CLS]} and
 * {@code [SEP]} for BERT) around a run of its other tokens; consecutive runs overlap by a quarter of their length
 * (rounded down, so runs under 4 tokens do not overlap), so a phrase of up to that many tokens cut by one window's
 * end is whole in the next.
 *
 * <p>Thread-safe: the native tokenizer is immutable after loading and encodes from any thread.
 */
final class WindowEncoder implements AutoCloseable {
  private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate;

  private WindowEncoder(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate) {
    this.delegate = delegate;
  }

  /** Loads a {@code tokenizer.json}; the caller has checked that the file exists. */
  static WindowEncoder load(Path tokenizerJson) {
    return new WindowEncoder(PairEncoder.loadNative(tokenizerJson));
  }

  /** The truncation length written in the {@code tokenizer.json}, or a value below 1 when it sets none. */
  int declaredMaxLength() {
    return delegate.getMaxLength();
  }

  /** The windows of each text, in order: one for a text that fits, several for a longer one. */
  List<EncodedSequence[]> encode(List<String> texts, int maxLength) {
    Encoding[] encodings = delegate.batchEncode(texts, true, false);
    List<EncodedSequence[]> windows = new ArrayList<>(encodings.length);
    for (Encoding encoding : encodings) {
      windows.add(windows(encoding.getIds(), encoding.getTypeIds(), encoding.getSpecialTokenMask(), maxLength));
    }
    return windows;
  }

  /**
   * Steps: 1. the leading and trailing special tokens (mask 1) frame every window; 2. the tokens between them are
   * cut into runs of {@code maxLength} minus the frame, each starting three quarters of a run after the last.
   */
  static EncodedSequence[] windows(long[] ids, long[] types, long[] special, int maxLength) {
    if (ids.length <= maxLength) {
      return new EncodedSequence[] {new EncodedSequence(ids, types)};
    }
    int head = 0;
    while (head < ids.length && special[head] == 1) {
      head++;
    }
    int tail = 0;
    while (tail < ids.length - head && special[ids.length - 1 - tail] == 1) {
      tail++;
    }
    int run = maxLength - head - tail;
    if (run < 1) {
      throw new IllegalArgumentException("maxSequenceLength " + maxLength + " leaves no room for text between the "
          + (head + tail) + " special tokens of the tokenizer");
    }
    int body = ids.length - head - tail;
    int step = Math.max(1, run - run / 4);
    List<EncodedSequence> windows = new ArrayList<>();
    for (int start = 0; ; start += step) {
      int end = Math.min(body, start + run);
      windows.add(window(ids, types, head, tail, head + start, head + end));
      if (end == body) {
        return windows.toArray(EncodedSequence[]::new);
      }
    }
  }

  /** The frame's tokens around {@code [from, to)} of the text's tokens. */
  private static EncodedSequence window(long[] ids, long[] types, int head, int tail, int from, int to) {
    int length = head + (to - from) + tail;
    long[] windowIds = new long[length];
    long[] windowTypes = new long[length];
    System.arraycopy(ids, 0, windowIds, 0, head);
    System.arraycopy(types, 0, windowTypes, 0, head);
    System.arraycopy(ids, from, windowIds, head, to - from);
    System.arraycopy(types, from, windowTypes, head, to - from);
    System.arraycopy(ids, ids.length - tail, windowIds, length - tail, tail);
    System.arraycopy(types, ids.length - tail, windowTypes, length - tail, tail);
    return new EncodedSequence(windowIds, windowTypes);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
