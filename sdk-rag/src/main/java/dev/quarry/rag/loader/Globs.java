package dev.quarry.rag.loader;

import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * A set of glob patterns matched against paths relative to a folder. Java's glob makes {@code **}{@code /}
 * require at least one folder, so {@code **}{@code /*.md} would miss {@code README.md} at the top and {@code
 * docs/**}{@code /*.md} would miss {@code docs/a.md}; here every {@code **}{@code /} may also match nothing, as
 * in git and most build tools. Immutable and thread-safe.
 */
final class Globs {
  private final List<String> patterns;
  private final List<PathMatcher> matchers;
  /** Matches folders whose whole subtree a pattern ending in {@code /**} covers. */
  private final List<PathMatcher> subtreeMatchers;

  private Globs(List<String> patterns, List<PathMatcher> matchers, List<PathMatcher> subtreeMatchers) {
    this.patterns = patterns;
    this.matchers = matchers;
    this.subtreeMatchers = subtreeMatchers;
  }

  /**
   * Compiles {@code patterns} for {@code fileSystem}.
   *
   * @throws IllegalArgumentException naming the pattern if one is blank, absolute or not a valid glob
   */
  static Globs compile(List<String> patterns, FileSystem fileSystem) {
    List<PathMatcher> matchers = new ArrayList<>();
    List<PathMatcher> subtreeMatchers = new ArrayList<>();
    for (String pattern : patterns) {
      if (pattern == null || pattern.isBlank()) {
        throw new IllegalArgumentException("glob must not be null or blank, was '" + pattern + "'");
      }
      if (pattern.startsWith("/")) {
        throw new IllegalArgumentException(
            "glob '" + pattern + "' starts with '/'; globs match paths relative to the folder root");
      }
      try {
        for (String variant : variants(pattern)) {
          matchers.add(fileSystem.getPathMatcher("glob:" + variant));
        }
        if (pattern.endsWith("/**")) {
          for (String variant : variants(pattern.substring(0, pattern.length() - 3))) {
            subtreeMatchers.add(fileSystem.getPathMatcher("glob:" + variant));
          }
        }
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("glob '" + pattern + "' is not valid: " + e.getMessage(), e);
      }
    }
    return new Globs(List.copyOf(patterns), List.copyOf(matchers), List.copyOf(subtreeMatchers));
  }

  /** Whether the relative {@code path} matches a pattern. */
  boolean matches(Path path) {
    for (PathMatcher matcher : matchers) {
      if (matcher.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a pattern matches everything under the relative folder {@code path}, so it need not be walked. */
  boolean matchesSubtree(Path path) {
    for (PathMatcher matcher : subtreeMatchers) {
      if (matcher.matches(path)) {
        return true;
      }
    }
    return false;
  }

  List<String> patterns() {
    return patterns;
  }

  /** {@code pattern} with each {@code **}{@code /} kept or removed, in every combination. */
  static Set<String> variants(String pattern) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(pattern);
    int at = pattern.indexOf("**/");
    if (at >= 0 && (at == 0 || pattern.charAt(at - 1) == '/')) {
      String head = pattern.substring(0, at);
      for (String tail : variants(pattern.substring(at + 3))) {
        variants.add(head + "**/" + tail);
        variants.add(head + tail);
      }
    }
    return variants;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
