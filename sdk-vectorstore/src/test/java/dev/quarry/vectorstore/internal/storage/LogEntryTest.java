package dev.quarry.vectorstore.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.VectorRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntryTest {

  @Test
  void entriesCopyTheirListsDefensively() {
    List<VectorRecord> records = new ArrayList<>();
    records.add(new VectorRecord(new Chunk("a", "d", "t", Metadata.empty(), 0, 1), new float[] {1, 2}));
    List<String> ids = new ArrayList<>(List.of("a", "b"));

    LogEntry.Upsert upsert = new LogEntry.Upsert(records);
    LogEntry.Delete delete = new LogEntry.Delete(ids);
    records.clear();
    ids.add("c");

    assertThat(upsert.records()).hasSize(1);
    assertThat(delete.ids()).containsExactly("a", "b");
    assertThatThrownBy(() -> delete.ids().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullElementsAreRejected() {
    assertThatThrownBy(() -> new LogEntry.Delete(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new LogEntry.Upsert(null)).isInstanceOf(NullPointerException.class);
  }
}
