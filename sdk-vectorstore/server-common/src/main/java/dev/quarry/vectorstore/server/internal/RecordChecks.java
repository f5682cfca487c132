package dev.quarry.vectorstore.server.internal;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.VectorRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** The argument checks every server adapter makes before it sends anything, and the order {@code get} answers in. */
public final class RecordChecks {
  private RecordChecks() {}

  /**
   * Refuses {@code records} whole, before anything is sent: null, a null record, an id twice, a vector of another
   * dimension, a vector {@code metric} cannot take (a zero vector under cosine), or a record {@code problem} names
   * a problem with (what the server cannot hold; null when none).
   *
   * @return each record's vector as {@code metric} keeps it ({@link Metric#prepare}), in the order of {@code records}
   * @throws IllegalArgumentException naming the record and saying that nothing was stored
   */
  public static List<float[]> checkBatch(List<VectorRecord> records, int dimension, Metric metric,
      Function<VectorRecord, String> problem) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null");
    }
    Set<String> seen = new HashSet<>();
    List<float[]> prepared = new ArrayList<>(records.size());
    for (VectorRecord r : records) {
      if (r == null) {
        throw new IllegalArgumentException("records must not contain null");
      }
      if (!seen.add(r.id())) {
        throw new IllegalArgumentException("the batch holds id '" + r.id() + "' twice; nothing was stored");
      }
      if (r.dimension() != dimension) {
        throw new IllegalArgumentException("record '" + r.id() + "' has " + r.dimension()
            + " dimensions; the store holds " + dimension + "; nothing was stored");
      }
      String refused = problem.apply(r);
      if (refused != null) {
        throw new IllegalArgumentException("record '" + r.id() + "': " + refused + "; nothing was stored");
      }
      try {
        prepared.add(metric.prepare(r.vector()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record '" + r.id() + "': " + e.getMessage() + "; nothing was stored", e);
      }
    }
    return prepared;
  }

  /** Why a server whose strings are UTF-8 cannot hold {@code r} (an unpaired surrogate in its id or text), or null. */
  public static String unpairedSurrogate(VectorRecord r, String server) {
    return Utf16.wellFormed(r.id()) && Utf16.wellFormed(r.chunk().text()) ? null
        : server + " cannot hold an id or text with an unpaired surrogate";
  }

  /**
   * The distinct ids of {@code ids}, in order, without those no record can have ({@code storable} false), so that
   * nothing is asked for or deleted under them.
   *
   * @throws IllegalArgumentException if {@code ids} is null or holds null
   */
  public static Set<String> distinctIds(Collection<String> ids, Predicate<String> storable) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not contain null");
      }
      if (storable.test(id)) {
        distinct.add(id);
      }
    }
    return distinct;
  }

  /** The records of {@code found} in the order of {@code wanted}, skipping ids nothing was found under. */
  public static List<VectorRecord> inOrder(Collection<String> wanted, Map<String, VectorRecord> found) {
    List<VectorRecord> records = new ArrayList<>();
    for (String id : wanted) {
      VectorRecord r = found.get(id);
      if (r != null) {
        records.add(r);
      }
    }
    return records;
  }
}
