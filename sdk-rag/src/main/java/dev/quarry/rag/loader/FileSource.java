package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes and file attributes of one file, read with the checks every loader shares: it exists, is a regular
 * file, is not empty and fits in an array. Not a record: the byte array is shared with the loaders of this
 * package (never copied, files can be large) and never handed further. Confined to the loading thread.
 */
final class FileSource {
  /** The largest array the JVM reliably allocates. */
  static final long MAX_READABLE_BYTES = Integer.MAX_VALUE - 8;

  private final Path path;
  private final byte[] bytes;
  private final long modifiedMillis;

  private FileSource(Path path, byte[] bytes, long modifiedMillis) {
    this.path = path;
    this.bytes = bytes;
    this.modifiedMillis = modifiedMillis;
  }

  /** Reads {@code file} whole, or throws a {@link DocumentLoadException} saying why not. */
  static FileSource read(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    Path path = file.toAbsolutePath().normalize();
    String name = path.toString();
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        String kind = attributes.isDirectory() ? "a directory" : "not a regular file";
        throw new DocumentLoadException(name, FailureReason.UNREADABLE, "is " + kind + ", expected a file");
      }
      if (attributes.size() == 0) {
        throw new DocumentLoadException(name, FailureReason.EMPTY, "is empty (0 bytes)");
      }
      if (attributes.size() > MAX_READABLE_BYTES) {
        throw new DocumentLoadException(
            name, FailureReason.OVERSIZED,
            "is " + attributes.size() + " bytes, over the limit of " + MAX_READABLE_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(path);
      if (bytes.length == 0) {
        throw new DocumentLoadException(name, FailureReason.EMPTY, "is empty (0 bytes)");
      }
      return new FileSource(path, bytes, attributes.lastModifiedTime().toMillis());
    } catch (NoSuchFileException e) {
      throw new DocumentLoadException(name, FailureReason.UNREADABLE, "does not exist (or is a broken link)", e);
    } catch (AccessDeniedException e) {
      throw new DocumentLoadException(name, FailureReason.UNREADABLE, "cannot be read: permission denied", e);
    } catch (IOException e) {
      throw new DocumentLoadException(name, FailureReason.UNREADABLE, "cannot be read: " + e, e);
    }
  }

  /** The lower-case extension of {@code file}'s name without the dot, or "" when it has none. */
  static String extension(Path file) {
    Path fileName = file == null ? null : file.getFileName();
    if (fileName == null) {
      return "";
    }
    String name = fileName.toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The absolute, normalised path. */
  Path path() {
    return path;
  }

  /** The file's content; callers must not modify it. */
  byte[] bytes() {
    return bytes;
  }

  /** The absolute path as a string: the single-file document id and the {@code source} metadata. */
  String name() {
    return path.toString();
  }

  /** The file name without its extension: the fallback title. */
  String stem() {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }

  /** A failure of this file. */
  DocumentLoadException failure(FailureReason reason, String problem) {
    return new DocumentLoadException(name(), reason, problem);
  }

  /**
   * The document for {@code text}, with the shared metadata plus {@code extra}. Rejects blank text, so no loader
   * returns an empty document.
   */
  Document toDocument(String text, String contentType, String title, Map<String, ?> extra) {
    if (text.isBlank()) {
      throw failure(FailureReason.EMPTY, "has no text (" + bytes.length + " bytes, whitespace or markup only)");
    }
    Map<String, Object> values = new TreeMap<>(extra);
    values.put(SourceMetadata.SOURCE, name());
    values.put(SourceMetadata.TITLE, title == null || title.isBlank() ? stem() : title.strip());
    values.put(SourceMetadata.CONTENT_TYPE, contentType);
    values.put(SourceMetadata.SIZE_BYTES, (long) bytes.length);
    values.put(SourceMetadata.MODIFIED, modifiedMillis);
    return new Document(name(), text, Metadata.of(values));
  }
}
