package dev.quarry.rag.loader;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One walk of a folder: finds the files to load (sorted by relative path, so runs are repeatable), counts what
 * it passes over, and records entries it cannot even look at. Loads nothing. Confined to one thread.
 */
final class FolderWalk extends SimpleFileVisitor<Path> {
  /** A file to load: its relative path with forward slashes, its path, and its attributes from the walk. */
  record Candidate(String relative, Path file, BasicFileAttributes attributes) {}

  private final Path walkRoot;
  private final Globs includes;
  private final Globs excludes;
  private final boolean followLinks;
  private final boolean includeHidden;
  private final List<Candidate> candidates = new ArrayList<>();
  private final List<FileFailure> failures = new ArrayList<>();
  private int skippedByFilter;
  private int skippedHidden;

  private FolderWalk(Path walkRoot, Globs includes, Globs excludes, boolean followLinks, boolean includeHidden) {
    this.walkRoot = walkRoot;
    this.includes = includes;
    this.excludes = excludes;
    this.followLinks = followLinks;
    this.includeHidden = includeHidden;
  }

  /** Walks {@code root} (a folder, or a link to one). */
  static FolderWalk run(Path root, Globs includes, Globs excludes, boolean followLinks, boolean includeHidden)
      throws IOException {
    FolderWalk walk = new FolderWalk(root.toRealPath(), includes, excludes, followLinks, includeHidden);
    Set<FileVisitOption> options =
        followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(walk.walkRoot, options, Integer.MAX_VALUE, walk);
    walk.candidates.sort(Comparator.comparing(Candidate::relative));
    return walk;
  }

  List<Candidate> candidates() {
    return candidates;
  }

  List<FileFailure> failures() {
    return failures;
  }

  int skippedByFilter() {
    return skippedByFilter;
  }

  int skippedHidden() {
    return skippedHidden;
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
    if (dir.equals(walkRoot)) {
      return FileVisitResult.CONTINUE;
    }
    Path relative = walkRoot.relativize(dir);
    if (!includeHidden && isHidden(dir)) {
      skippedHidden++;
      return FileVisitResult.SKIP_SUBTREE;
    }
    if (excludes.matchesSubtree(relative)) {
      skippedByFilter++;
      return FileVisitResult.SKIP_SUBTREE;
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
    Path relative = walkRoot.relativize(file);
    if (!includeHidden && isHidden(file)) {
      skippedHidden++;
    } else if (attributes.isSymbolicLink() && !followLinks) {
      skippedByFilter++;
    } else if (!includes.matches(relative) || excludes.matches(relative)) {
      skippedByFilter++;
    } else {
      candidates.add(new Candidate(slashed(relative), file, attributes));
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
    if (file.equals(walkRoot)) {
      throw e;
    }
    Path relative = walkRoot.relativize(file);
    if (!includeHidden && isHidden(file)) {
      skippedHidden++;
    } else if (excludes.matches(relative) || excludes.matchesSubtree(relative)) {
      skippedByFilter++;
    } else {
      failures.add(new FileFailure(slashed(relative), FailureReason.UNREADABLE, describe(e)));
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
    if (e != null) {
      if (dir.equals(walkRoot)) {
        throw e;
      }
      failures.add(new FileFailure(slashed(walkRoot.relativize(dir)), FailureReason.UNREADABLE, describe(e)));
    }
    return FileVisitResult.CONTINUE;
  }

  private static String describe(IOException e) {
    return switch (e) {
      case FileSystemLoopException loop -> "is a symbolic link back to a folder above it; not followed";
      case AccessDeniedException denied -> "cannot be read: permission denied";
      default -> "cannot be read: " + e;
    };
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /** {@code relative} with forward slashes whatever the platform. */
  static String slashed(Path relative) {
    StringBuilder out = new StringBuilder();
    for (Path name : relative) {
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(name);
    }
    return out.toString();
  }
}
