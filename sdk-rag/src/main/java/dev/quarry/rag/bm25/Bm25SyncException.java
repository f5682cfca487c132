package dev.quarry.rag.bm25;

import dev.quarry.api.QuarryException;
import java.util.List;

/**
 * A write through {@link Bm25Index#syncing} reached the vector store but not the keyword index, so the two now
 * disagree on {@link #ids()}. Repeating the same call through the syncing store puts them back in step once the
 * cause (the exception's cause) is fixed: upserts replace, deletes skip what is already gone. If the cause made
 * the index refuse writes, reopen it first.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public final class Bm25SyncException extends QuarryException {
  private static final long serialVersionUID = 1L;
  private static final int IDS_IN_MESSAGE = 5;

  private final List<String> ids;

  Bm25SyncException(String what, List<String> ids, Throwable cause) {
    super(what + " reached the vector store but not the BM25 index" + listed(ids)
        + "; repeat the same call once the cause is fixed: " + cause, cause);
    this.ids = List.copyOf(ids);
  }

  /** The chunk ids the two sides may disagree on; empty for a delete by filter, whose ids are not known. */
  public List<String> ids() {
    return ids;
  }

  private static String listed(List<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    String first = String.join("', '", ids.subList(0, Math.min(IDS_IN_MESSAGE, ids.size())));
    return " (" + ids.size() + " ids: '" + first + "'" + (ids.size() > IDS_IN_MESSAGE ? ", ..." : "") + ")";
  }
}
