package dev.quarry.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.util.PairList;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Tokenizes (query, passage) pairs with a HuggingFace {@code tokenizer.json}, special tokens and token types as
 * the tokenizer's pair template lays them out ({@code [CLS] query [SEP] passage [SEP]} for BERT), and cuts
 * over-long pairs from the end of the passage, never the query.
 *
 * <p>Truncation is done here, not by the native tokenizer, so that a query too long to leave room for any passage
 * gets a clear message; the padding and truncation settings inside the file are ignored.
 *
 * <p>Thread-safe: the native tokenizer is immutable after loading and encodes from any thread.
 */
final class PairEncoder implements AutoCloseable {
  private static final Map<String, String> OPTIONS =
      Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true");
  /** The sequence id the tokenizer gives the second text of a pair. */
  private static final long PASSAGE = 1;

  private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate;

  private PairEncoder(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate) {
    this.delegate = delegate;
  }

  /** Loads a {@code tokenizer.json}; the caller has checked that the file exists. */
  static PairEncoder load(Path tokenizerJson) {
    return new PairEncoder(loadNative(tokenizerJson));
  }

  /**
   * The native tokenizer of a {@code tokenizer.json}, with special tokens and without the file's padding and
   * truncation; the caller has checked that the file exists and closes what it gets.
   */
  static ai.djl.huggingface.tokenizers.HuggingFaceTokenizer loadNative(Path tokenizerJson) {
    Offline.ensure();
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(in, OPTIONS);
    } catch (IOException e) {
      throw new StorageException(tokenizerJson, "cannot read tokenizer " + tokenizerJson, e);
    } catch (RuntimeException e) {
      throw new NonRetriableException("not a valid HuggingFace tokenizer.json: " + tokenizerJson, e);
    }
  }

  /** The truncation length written in the {@code tokenizer.json}, or a value below 1 when it sets none. */
  int declaredMaxLength() {
    return delegate.getMaxLength();
  }

  /**
   * One encoded pair per passage, in order, each at most {@code maxLength} tokens.
   *
   * @throws IllegalArgumentException if the query and the special tokens leave no room for a passage token
   */
  EncodedSequence[] encode(String query, List<String> passages, int maxLength) {
    PairList<String, String> pairs = new PairList<>(Collections.nCopies(passages.size(), query), passages);
    Encoding[] encodings = delegate.batchEncode(pairs, true, false);
    EncodedSequence[] result = new EncodedSequence[encodings.length];
    for (int i = 0; i < encodings.length; i++) {
      Encoding e = encodings[i];
      result[i] = truncate(e.getIds(), e.getTypeIds(), e.getSequenceIds(), maxLength);
    }
    return result;
  }

  /**
   * Steps: 1. find the passage's tokens (sequence id 1; they are contiguous); 2. refuse when everything else (the
   * query and the special tokens) already fills {@code maxLength}, whatever this passage's length, so a query is
   * accepted or refused as a whole; 3. drop the passage's last tokens until the pair fits.
   */
  static EncodedSequence truncate(long[] ids, long[] types, long[] sequenceIds, int maxLength) {
    int first = -1;
    int last = -1;
    int count = 0;
    for (int t = 0; t < sequenceIds.length; t++) {
      if (sequenceIds[t] == PASSAGE) {
        first = first < 0 ? t : first;
        last = t;
        count++;
      }
    }
    if (count > 0 && last - first + 1 != count) {
      throw new NonRetriableException("the tokenizer splits a passage's tokens apart; cannot truncate the pair");
    }
    int fixed = ids.length - count;
    if (fixed >= maxLength) {
      throw new IllegalArgumentException(
          "the query takes " + fixed + " tokens with the special tokens, which leaves no room for a passage within"
              + " maxSequenceLength " + maxLength + "; shorten the query or raise maxSequenceLength");
    }
    if (ids.length <= maxLength) {
      return new EncodedSequence(ids, types);
    }
    int cut = ids.length - maxLength;
    int dropFrom = first + count - cut;
    int tail = ids.length - (first + count);
    long[] keptIds = new long[maxLength];
    long[] keptTypes = new long[maxLength];
    System.arraycopy(ids, 0, keptIds, 0, dropFrom);
    System.arraycopy(types, 0, keptTypes, 0, dropFrom);
    System.arraycopy(ids, first + count, keptIds, dropFrom, tail);
    System.arraycopy(types, first + count, keptTypes, dropFrom, tail);
    return new EncodedSequence(keptIds, keptTypes);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
