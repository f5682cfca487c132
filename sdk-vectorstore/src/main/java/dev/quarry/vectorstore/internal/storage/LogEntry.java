package dev.quarry.vectorstore.internal.storage;

import dev.quarry.api.store.VectorRecord;
import java.util.List;

/**
 * One change recorded in the {@link WriteAheadLog}: an upsert of records or a delete of ids, applied in log
 * order on replay.
 *
 * <p>Internal, not API. Immutable and thread-safe.
 */
public sealed interface LogEntry {

  /** Records to insert or replace, by chunk id. Vectors are kept as the caller gave them (not normalised). */
  record Upsert(List<VectorRecord> records) implements LogEntry {
    public Upsert {
      records = List.copyOf(records);
    }
  }

  /** Ids to remove; ids that are not stored are ignored on replay. */
  record Delete(List<String> ids) implements LogEntry {
    public Delete {
      ids = List.copyOf(ids);
    }
  }
}
