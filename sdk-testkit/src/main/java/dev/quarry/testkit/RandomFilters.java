package dev.quarry.testkit;

import dev.quarry.api.store.Filter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random metadata and {@link Filter} trees for checking that a store's own filtering selects exactly what
 * {@link Filter#matches} selects. Values are chosen where translations to a server's or an index's filter tend to
 * go wrong: whole numbers and decimals near 2^53 and 2^63, {@code -0.0}, infinities, strings whose UTF-16 order
 * differs from their code point order, lists, booleans, and keys that some records lack. Keys: {@code s} (string),
 * {@code n} (a number of either kind), {@code x} (any scalar), {@code tags} (a list of scalars), {@code flag}
 * (boolean), and {@code absent}, which no record has.
 *
 * <p>A test tool, not a double: it stands in for nothing. Not thread-safe (one {@link Random}).
 */
public final class RandomFilters {
  /** The seed unless {@code -Dquarry.test.seed=N} gives another. */
  public static final long DEFAULT_SEED = 20261121L;

  private static final List<String> KEYS = List.of("s", "n", "x", "tags", "flag", "absent");
  private static final List<String> STRINGS = List.of(
      "", "a", "ab", "b", "B", "a b", "é", "zz", "\uE000", "\uD83D\uDE00", "\uFFFD", "\uD800");
  private static final List<Long> LONGS = List.of(
      0L, 1L, -1L, 3L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53, (1L << 53) + 1, 1L << 62, (1L << 62) + 1,
      Long.MAX_VALUE - 1);
  private static final List<Double> DOUBLES = List.of(
      0.0, -0.0, 3.0, 2.5, -1.0, 42.0000001, 0x1p53, 0x1p62, 0x1p63, -0x1p63, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300);

  private final Random random;

  /** Seeded with {@code -Dquarry.test.seed} if set, else {@link #DEFAULT_SEED}. */
  public RandomFilters() {
    this(Long.getLong("quarry.test.seed", DEFAULT_SEED));
  }

  public RandomFilters(long seed) {
    this.random = new Random(seed);
  }

  /** The metadata of one record: each key present with some probability, {@code absent} never. */
  public Map<String, Object> metadata() {
    Map<String, Object> metadata = new HashMap<>();
    if (random.nextInt(5) > 0) {
      metadata.put("s", pick(STRINGS));
    }
    if (random.nextInt(5) > 0) {
      metadata.put("n", number());
    }
    if (random.nextInt(4) > 0) {
      metadata.put("x", scalar());
    }
    if (random.nextInt(3) > 0) {
      List<Object> tags = new ArrayList<>();
      for (int t = random.nextInt(4); t > 0; t--) {
        tags.add(scalar());
      }
      metadata.put("tags", tags);
    }
    if (random.nextBoolean()) {
      metadata.put("flag", random.nextBoolean());
    }
    return metadata;
  }

  /** A filter tree up to three levels deep: equality, {@code in}, ranges, and, or, not. */
  public Filter filter() {
    return filter(0);
  }

  private Filter filter(int depth) {
    int choice = depth >= 3 ? random.nextInt(3) : random.nextInt(6);
    String key = pick(KEYS);
    return switch (choice) {
      case 0 -> Filter.eq(key, scalar());
      case 1 -> {
        List<Object> values = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          values.add(scalar());
        }
        yield Filter.in(key, values);
      }
      case 2 -> range(key);
      case 3 -> Filter.and(children(depth));
      case 4 -> Filter.or(children(depth));
      default -> Filter.not(filter(depth + 1));
    };
  }

  private Filter[] children(int depth) {
    Filter[] children = new Filter[1 + random.nextInt(3)];
    for (int i = 0; i < children.length; i++) {
      children[i] = filter(depth + 1);
    }
    return children;
  }

  private Filter range(String key) {
    boolean strings = random.nextInt(3) == 0;
    Object a = strings ? pick(STRINGS) : number();
    Object b = strings ? pick(STRINGS) : number();
    Optional<Filter.Bound> lower = Optional.of(new Filter.Bound(a, random.nextBoolean()));
    Optional<Filter.Bound> upper = Optional.of(new Filter.Bound(b, random.nextBoolean()));
    switch (random.nextInt(3)) {
      case 0 -> lower = Optional.empty();
      case 1 -> upper = Optional.empty();
      default -> { }
    }
    try {
      return new Filter.Range(key, lower, upper);
    } catch (IllegalArgumentException lowerAboveUpper) {
      return new Filter.Range(key, upper, lower);
    }
  }

  private Object scalar() {
    return switch (random.nextInt(4)) {
      case 0 -> pick(STRINGS);
      case 1 -> pick(LONGS);
      case 2 -> pick(DOUBLES);
      default -> random.nextBoolean();
    };
  }

  private Object number() {
    return random.nextBoolean() ? pick(LONGS) : pick(DOUBLES);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
