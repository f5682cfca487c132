package dev.quarry.vectorstore.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.vectorstore.internal.storage.Strings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The metadata index against the reference semantics, {@link Filter#matches}: on seeded random records (strings,
 * longs beyond 2^53, doubles with -0.0, booleans, lists, missing keys, deleted records) and random filter trees,
 * an exact answer is exactly the matching live records and an inexact one holds all of them.
 */
class MetadataIndexTest {
  private static final String[] KEYS = {"lang", "year", "score", "flag", "tags", "big", "other"};
  private static final long BIG = (1L << 53) + 1;

  @Test
  void agreesWithFilterMatchesOnRandomRecordsAndFilters() {
    SplittableRandom random = new SplittableRandom(42);
    List<Metadata> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      records.add(randomMetadata(random));
    }
    // "other" is not indexed: filters on it are unbounded alone and make conjunctions inexact.
    MetadataIndex index = new MetadataIndex(Set.of("big", "flag", "lang", "score", "tags", "year"), false);
    for (int ord = 0; ord < records.size(); ord++) {
      index.add(ord, records.get(ord));
    }
    boolean[] live = new boolean[records.size()];
    java.util.Arrays.fill(live, true);
    for (int ord = 0; ord < records.size(); ord += 7) {
      index.remove(ord);
      live[ord] = false;
    }

    int exact = 0;
    int superset = 0;
    int unbounded = 0;
    for (int f = 0; f < 3000; f++) {
      Filter filter = randomFilter(random, 3);
      RoaringBitmap truth = new RoaringBitmap();
      for (int ord = 0; ord < records.size(); ord++) {
        if (live[ord] && filter.matches(records.get(ord))) {
          truth.add(ord);
        }
      }
      MetadataIndex.Match match = index.evaluate(filter);
      if (match == null) {
        unbounded++;
      } else if (match.exact()) {
        exact++;
        assertThat(match.ordinals()).as("exact answer for %s", filter).isEqualTo(truth);
      } else {
        superset++;
        assertThat(RoaringBitmap.andNot(truth, match.ordinals()).isEmpty()).as("superset for %s", filter).isTrue();
        assertThat(RoaringBitmap.andNot(match.ordinals(), index.live()).isEmpty()).isTrue();
      }
    }
    assertThat(exact).as("exact answers").isGreaterThan(1500);
    assertThat(superset).as("superset answers").isPositive();
    assertThat(unbounded).as("unbounded filters").isPositive();
  }

  @Test
  void longsBeyondTwoToThe53ShareAPostingSoTheirMatchesAreChecked() {
    MetadataIndex index = new MetadataIndex(null, false);
    index.add(0, Metadata.of(Map.of("n", 1L << 53)));
    index.add(1, Metadata.of(Map.of("n", (1L << 53) + 1)));
    index.add(2, Metadata.of(Map.of("n", 5L)));
    Filter filter = Filter.eq("n", (1L << 53) + 1);
    assertThat(filter.matches(Metadata.of(Map.of("n", 1L << 53)))).isFalse();

    MetadataIndex.Match match = index.evaluate(filter);
    assertThat(match.exact()).isFalse();
    assertThat(match.ordinals().toArray()).containsExactly(0, 1);
    assertThat(index.evaluate(Filter.eq("n", 5L)).exact()).as("a key holding big longs").isFalse();

    // 2^53 + 1 > 2^53 as longs, though both are the double 2^53: an exclusive bound must not drop it.
    MetadataIndex.Match above = index.evaluate(Filter.gt("n", 1L << 53));
    assertThat(above.exact()).isFalse();
    assertThat(above.ordinals().contains(1)).isTrue();
    MetadataIndex.Match below = index.evaluate(Filter.lt("n", (1L << 53) + 1));
    assertThat(below.ordinals().toArray()).contains(0, 2);
  }

  @Test
  void aRangeWhoseBoundsMeetAtAnExcludedValueMatchesNothing() {
    MetadataIndex index = new MetadataIndex(null, false);
    index.add(0, Metadata.of(Map.of("n", 5L, "s", "b", "z", 0.0)));
    index.add(1, Metadata.of(Map.of("n", 6L, "s", "c", "z", 1.0)));
    List<Filter> empty = List.of(
        new Filter.Range("n", Optional.of(new Filter.Bound(5L, false)), Optional.of(new Filter.Bound(5L, true))),
        new Filter.Range("n", Optional.of(new Filter.Bound(5L, true)), Optional.of(new Filter.Bound(5.0, false))),
        new Filter.Range("s", Optional.of(new Filter.Bound("b", false)), Optional.of(new Filter.Bound("b", false))),
        new Filter.Range("z", Optional.of(new Filter.Bound(-0.0, false)), Optional.of(new Filter.Bound(0.0, true))));
    for (Filter filter : empty) {
      assertThat(filter.matches(Metadata.of(Map.of("n", 5L, "s", "b", "z", 0.0)))).isFalse();
      MetadataIndex.Match match = index.evaluate(filter);
      assertThat(match.exact()).isTrue();
      assertThat(match.ordinals().isEmpty()).as("%s", filter).isTrue();
    }
    assertThat(index.evaluate(Filter.between("n", 5L, 5.0)).ordinals().toArray()).containsExactly(0);
  }

  @Test
  void aKeyThatIsIndexedButOnNoRecordMatchesNothingExactly() {
    MetadataIndex index = new MetadataIndex(null, false);
    index.add(0, Metadata.of(Map.of("lang", "en")));
    MetadataIndex.Match match = index.evaluate(Filter.eq("tenant", "acme"));
    assertThat(match.exact()).isTrue();
    assertThat(match.ordinals().isEmpty()).isTrue();
    assertThat(index.evaluate(Filter.not(Filter.eq("tenant", "acme"))).ordinals().toArray()).containsExactly(0);
  }

  @Test
  void aNearlyUniqueKeyIsDroppedAndItsFiltersReadTheRecords() {
    MetadataIndex index = new MetadataIndex(null, true);
    for (int ord = 0; ord < 3000; ord++) {
      index.add(ord, Metadata.of(Map.of("hash", "h" + ord, "bucket", (long) (ord % 10))));
    }
    assertThat(index.indexedKeys()).containsExactly("bucket");
    assertThat(index.evaluate(Filter.eq("hash", "h12"))).isNull();
    assertThat(index.evaluate(Filter.eq("bucket", 3)).ordinals().getCardinality()).isEqualTo(300);
  }

  private static Metadata randomMetadata(SplittableRandom random) {
    Map<String, Object> values = new HashMap<>();
    if (random.nextInt(10) > 0) {
      values.put("lang", List.of("en", "de", "fr", "zh", "En", "").get(random.nextInt(6)));
    }
    if (random.nextInt(10) > 1) {
      values.put("year", random.nextBoolean() ? (Object) (long) (2000 + random.nextInt(25))
          : (Object) (2000.0 + random.nextInt(25) + (random.nextBoolean() ? 0.5 : 0)));
    }
    if (random.nextInt(10) > 2) {
      values.put("score", List.of(0.0, -0.0, 1.5, -3.25, 7.0, 1e300).get(random.nextInt(6)));
    }
    if (random.nextBoolean()) {
      values.put("flag", random.nextBoolean());
    }
    if (random.nextBoolean()) {
      List<Object> tags = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        tags.add(random.nextInt(3) == 0 ? (Object) (long) random.nextInt(5) : "t" + random.nextInt(6));
      }
      values.put("tags", tags);
    }
    if (random.nextInt(3) == 0) {
      values.put("big", random.nextBoolean() ? (Object) (BIG - 1 + random.nextInt(3)) : (Object) (double) BIG);
    }
    if (random.nextBoolean()) {
      values.put("other", "o" + random.nextInt(3));
    }
    return Metadata.of(values);
  }

  private static Object randomValue(SplittableRandom random, String key) {
    return switch (key) {
      case "lang", "other" -> List.of("en", "de", "zh", "En", "", "o1", "e").get(random.nextInt(7));
      case "year" -> random.nextBoolean() ? (Object) (long) (2000 + random.nextInt(26))
          : (Object) (2000.0 + random.nextInt(26) + (random.nextBoolean() ? 0.5 : 0));
      case "score" -> List.<Object>of(0.0, -0.0, 1.5, 2L, -3.25, 7L, 1e300).get(random.nextInt(7));
      case "flag" -> random.nextBoolean();
      case "tags" -> random.nextBoolean() ? (Object) (long) random.nextInt(5) : "t" + random.nextInt(6);
      case "big" -> random.nextBoolean() ? (Object) (BIG - 2 + random.nextInt(4)) : (Object) (double) BIG;
      default -> throw new IllegalArgumentException(key);
    };
  }

  private static Filter randomFilter(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 0 ? 7 : 3);
    String key = KEYS[random.nextInt(KEYS.length)];
    switch (kind) {
      case 0:
        return Filter.eq(key, randomValue(random, key));
      case 1:
        return Filter.in(key, List.of(randomValue(random, key), randomValue(random, key)));
      case 2: {
        if (key.equals("flag")) {
          return Filter.eq(key, random.nextBoolean());
        }
        Object a = randomValue(random, key);
        Object b = randomValue(random, key);
        if (!(a instanceof Number) || !(b instanceof Number)) {
          if (a instanceof String sa && b instanceof String sb) {
            return sa.compareTo(sb) <= 0 ? Filter.between(key, sa, sb) : Filter.lt(key, sa);
          }
          return a instanceof Number || a instanceof String ? Filter.gte(key, a) : Filter.eq(key, a);
        }
        return switch (random.nextInt(3)) {
          case 0 -> between(key, a, b);
          case 1 -> Filter.gt(key, a);
          default -> Filter.lte(key, a);
        };
      }
      case 3, 4:
        return Filter.and(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      case 5:
        return Filter.or(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      default:
        return Filter.not(randomFilter(random, depth - 1));
    }
  }

  /** A range between two numbers, in whichever order the filter accepts (longs compare exactly there). */
  private static Filter between(String key, Object a, Object b) {
    try {
      return Filter.between(key, a, b);
    } catch (IllegalArgumentException aboveTheUpperBound) {
      return Filter.between(key, b, a);
    }
  }

  @Test
  void keysOptionIsHonoured() {
    MetadataIndex index = new MetadataIndex(Set.of("lang"), false);
    index.add(0, Metadata.of(Map.of("lang", "en", "year", 2020L)));
    assertThat(index.indexedKeys()).containsExactly("lang");
    assertThat(index.evaluate(Filter.eq("year", 2020))).isNull();
  }

  /** Records merged in batches of any size answer every filter as records added one by one. */
  @Test
  void batchesMergedAnswerAsRecordsAddedOneByOne() {
    SplittableRandom random = new SplittableRandom(11);
    MetadataIndex single = new MetadataIndex(null, true);
    MetadataIndex batched = new MetadataIndex(null, true);
    int ord = 0;
    while (ord < 5000) {
      MetadataIndex.Batch batch = batched.newBatch();
      int size = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(900);
      for (int i = 0; i < size; i++, ord++) {
        Map<String, Object> values = new HashMap<>(randomMetadata(random).asMap());
        values.put("hash", "h" + ord); // nearly unique: dropped by both, at a batch's end in the batched one
        Metadata metadata = Metadata.of(values);
        single.add(ord, metadata);
        batch.add(ord, metadata);
      }
      batched.merge(batch);
      if (random.nextInt(3) == 0) {
        int gone = random.nextInt(ord);
        single.remove(gone);
        batched.remove(gone);
      }
    }
    assertThat(batched.indexedKeys()).isEqualTo(single.indexedKeys()).doesNotContain("hash");
    assertThat(batched.live()).isEqualTo(single.live());
    for (int f = 0; f < 2000; f++) {
      Filter filter = randomFilter(random, 3);
      assertThat(batched.evaluate(filter)).as("%s", filter).isEqualTo(single.evaluate(filter));
    }
  }

  @Test
  void anIndexWrittenAndReadBackAnswersEveryFilterAsBefore() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    MetadataIndex index = new MetadataIndex(null, true);
    List<Integer> live = new ArrayList<>();
    for (int ord = 0; ord < 4000; ord++) {
      Map<String, Object> values = new HashMap<>(randomMetadata(random).asMap());
      values.put("hash", "h" + ord); // nearly unique: dropped, and must stay dropped
      index.add(ord, Metadata.of(values));
      if (ord % 5 == 0) {
        index.remove(ord);
      } else {
        live.add(ord);
      }
    }
    assertThat(index.indexedKeys()).doesNotContain("hash");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PostingsCodec.write(new DataOutputStream(bytes), index);
    MetadataIndex read = PostingsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
        bytes.size(), 4000, live.stream().mapToInt(Integer::intValue).toArray());

    assertThat(read.keysIndexed()).isNull();
    assertThat(read.dropsNearUnique()).isTrue();
    assertThat(read.indexedKeys()).isEqualTo(index.indexedKeys());
    assertThat(read.live()).isEqualTo(index.live());
    assertThat(read.evaluate(Filter.eq("hash", "h12"))).as("a dropped key stays unbounded").isNull();
    for (int f = 0; f < 2000; f++) {
      Filter filter = randomFilter(random, 3);
      MetadataIndex.Match before = index.evaluate(filter);
      MetadataIndex.Match after = read.evaluate(filter);
      if (before == null) {
        assertThat(after).as("%s", filter).isNull();
      } else {
        assertThat(after).as("%s", filter).isEqualTo(before);
      }
    }
    // A record added after the read is indexed like any other.
    read.add(4000, Metadata.of(Map.of("lang", "xx")));
    assertThat(read.evaluate(Filter.eq("lang", "xx")).ordinals().toArray()).containsExactly(4000);
  }

  @Test
  void aDamagedIndexIsRefusedNamingWhatIsWrong() throws IOException {
    MetadataIndex index = new MetadataIndex(Set.of("lang"), false);
    index.add(0, Metadata.of(Map.of("lang", "en")));
    index.add(1, Metadata.of(Map.of("lang", "de")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PostingsCodec.write(new DataOutputStream(out), index);
    byte[] good = out.toByteArray();

    byte[] badTag = good.clone();
    badTag[0] = 7;
    assertThatThrownBy(() -> read(badTag, 2)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad metadata keys tag 7");
    assertThatThrownBy(() -> read(good, 1)).as("a posting beyond the table's ordinals")
        .isInstanceOf(Strings.FormatException.class).hasMessageContaining("beyond the 1 of the table");
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(good, good.length - 3), 2))
        .isInstanceOf(java.io.EOFException.class);
    byte[] hugeCount = good.clone();
    java.nio.ByteBuffer.wrap(hugeCount).putInt(1, Integer.MAX_VALUE);
    assertThatThrownBy(() -> read(hugeCount, 2)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad key count");
    assertThat(read(good, 2).evaluate(Filter.eq("lang", "de")).ordinals().toArray()).containsExactly(1);
  }

  /**
   * Hostile bitmaps and postings that pass a length check: containers out of order (ordinal 1 would silently go
   * missing), postings for a key the header says is not indexed, a near-unique flag that contradicts the keys.
   */
  @Test
  void bitmapsAndPostingsThatContradictThemselvesAreRefused() throws IOException {
    MetadataIndex index = new MetadataIndex(Set.of("lang"), false);
    index.add(1, Metadata.of(Map.of("lang", "en")));
    index.add(65_537, Metadata.of(Map.of("lang", "en")));
    byte[] good = write(index);
    // The portable layout of {1, 65537}: cookie, 2 containers, (key, cardinality - 1) each, offsets, values.
    byte[] ordered = littleEndian(12346, 2, 0x0000_0000, 0x0000_0001, 24, 26, 0x0001_0001);
    byte[] swapped = littleEndian(12346, 2, 0x0000_0001, 0x0000_0000, 24, 26, 0x0001_0001);
    int at = indexOf(good, ordered);
    assertThat(at).as("the bitmap's bytes in the section").isPositive();
    byte[] bad = good.clone();
    System.arraycopy(swapped, 0, bad, at, swapped.length);
    assertThatThrownBy(() -> read(bad, 65_538)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("out of order");
    assertThat(read(good, 65_538).evaluate(Filter.eq("lang", "en")).ordinals().toArray())
        .containsExactly(1, 65_537);

    MetadataIndex other = new MetadataIndex(Set.of("tenant"), false);
    other.add(0, Metadata.of(Map.of("tenant", "t1")));
    byte[] tenant = write(other);
    byte[] renamed = tenant.clone();
    // Tag (byte 0), key count (1-4), "tenant" (length 5-8, bytes 9-14), near-unique flag (15). Naming the indexed
    // key "Tenant" leaves the postings of "tenant" with a key that is not indexed.
    renamed[9] = 'T';
    assertThatThrownBy(() -> read(renamed, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("postings for metadata key 'tenant', which is not indexed");
    byte[] dropping = tenant.clone();
    dropping[15] = 1;
    assertThatThrownBy(() -> read(dropping, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("the near-unique flag contradicts the keys indexed");
  }

  /**
   * More sections that contradict themselves or their size: postings for a key listed as dropped, dropped keys in
   * an index that drops none, and a bitmap longer than the section.
   */
  @Test
  void postingsForDroppedKeysAndLengthsPastTheSectionAreRefused() throws IOException {
    MetadataIndex all = new MetadataIndex(null, true);
    all.add(0, Metadata.of(Map.of("a", "x")));
    all.dropped.add("z");
    byte[] good = write(all);
    // Tag 0 (byte 0), near-unique flag (1), dropped count (2-5), "z" (6-9 length, 10), key count (11-14), "a".
    assertThat(good[10]).isEqualTo((byte) 'z');
    byte[] droppedA = good.clone();
    droppedA[10] = 'a';
    assertThatThrownBy(() -> read(droppedA, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("postings for metadata key 'a', which is not indexed");

    byte[] noDropping = good.clone();
    noDropping[1] = 0; // every key, near-unique ones kept: contradicts the tag, which says they are dropped
    assertThatThrownBy(() -> read(noDropping, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("the near-unique flag contradicts the keys indexed");

    MetadataIndex listed = new MetadataIndex(Set.of("a"), false);
    listed.add(0, Metadata.of(Map.of("a", "x")));
    byte[] section = write(listed);
    byte[] droppedWhileListed = section.clone();
    // Tag 1, key count (1-4), "a" (5-8, 9), near-unique flag (10), dropped count (11-14): one dropped key.
    java.nio.ByteBuffer.wrap(droppedWhileListed).putInt(11, 1);
    assertThatThrownBy(() -> read(droppedWhileListed, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("keys are dropped as near-unique, but the index drops none");

    // The section ends: the posting's length (int), its 18 bytes, no number values (int 0), no booleans (int 0).
    int lengthAt = section.length - 8 - 18 - 4;
    assertThat(java.nio.ByteBuffer.wrap(section).getInt(lengthAt)).as("the one posting's size").isEqualTo(18);
    byte[] tooLong = section.clone();
    java.nio.ByteBuffer.wrap(tooLong).putInt(lengthAt, section.length + 1);
    assertThatThrownBy(() -> read(tooLong, 1)).isInstanceOf(Strings.FormatException.class)
        .hasMessageContaining("bad bitmap length");
  }

  /** A batch whose own values make a key nearly unique drops it at the merge, without merging its postings. */
  @Test
  void aBatchThatIsNearlyUniqueByItselfDropsItsKey() {
    MetadataIndex index = new MetadataIndex(null, true);
    index.add(0, Metadata.of(Map.of("hash", "first", "bucket", 1L)));
    MetadataIndex.Batch batch = index.newBatch();
    for (int ord = 1; ord <= 3000; ord++) {
      batch.add(ord, Metadata.of(Map.of("hash", "h" + ord, "bucket", (long) (ord % 10))));
    }
    index.merge(batch);
    assertThat(index.indexedKeys()).containsExactly("bucket");
    assertThat(index.evaluate(Filter.eq("hash", "h7"))).isNull();
    assertThat(index.evaluate(Filter.eq("bucket", 3)).ordinals().getCardinality()).isEqualTo(300);
    assertThat(index.live().getCardinality()).isEqualTo(3001);
    // A later record's hash is not indexed either.
    index.add(3001, Metadata.of(Map.of("hash", "h7")));
    assertThat(index.evaluate(Filter.eq("hash", "h7"))).isNull();
  }

  private static byte[] write(MetadataIndex index) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PostingsCodec.write(new DataOutputStream(out), index);
    return out.toByteArray();
  }

  /** Ints as little-endian bytes, four each. */
  private static byte[] littleEndian(int... ints) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(ints.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i : ints) {
      buffer.putInt(i);
    }
    return buffer.array();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static MetadataIndex read(byte[] bytes, int ordinals) throws IOException {
    return PostingsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), bytes.length, ordinals,
        java.util.stream.IntStream.range(0, ordinals).toArray());
  }
}
