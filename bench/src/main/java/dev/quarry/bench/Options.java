package dev.quarry.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a benchmark, with defaults and clear errors. */
public final class Options {
  private final Map<String, String> values = new HashMap<>();

  public Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected '--name value' pairs, got '" + args[i] + "'");
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  /** Whether {@code --name} was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
    }
  }
}
