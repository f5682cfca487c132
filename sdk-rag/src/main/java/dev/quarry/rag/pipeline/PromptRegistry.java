package dev.quarry.rag.pipeline;

import dev.quarry.api.NonRetriableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned prompt templates loaded from folders and the class path, checked when loaded, and looked up by name:
 * the latest version, a given one, or a weighted split between versions ({@link PromptChoice}).
 *
 * <pre>{@code
 * PromptRegistry prompts = PromptRegistry.builder()
 *     .classpath("com/acme/prompts")              // support-answer.v1.txt, support-answer.v2.txt, ...
 *     .folder(Path.of("/etc/acme/prompts"))       // overrides nothing: a version defined twice is an error
 *     .require("support-answer", "context", "question")
 *     .build();
 * AnswerMode mode = AnswerMode.chat(model).withPrompt(prompts.split("support-answer", Map.of(1, 90, 2, 10)));
 * }</pre>
 *
 * <p>Every file of a folder (not its sub-folders) and of a class-path directory must be named {@code
 * <name>.v<version>.txt} (other files are refused, so a typo such as {@code answer.v2.text} cannot go unnoticed)
 * and hold a valid template: UTF-8, at most {@value #MAX_TEMPLATE_BYTES} bytes, sections as {@link PromptTemplate}
 * reads them. Its variables are its {@code {{name}}} placeholders; {@link Builder#require} states the ones a
 * prompt must use, in every version. Everything is checked by {@link Builder#build()}, which names each file at
 * fault, so a broken prompt stops start-up rather than a request.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptRegistry {
  /** The largest template file read, in bytes. */
  public static final int MAX_TEMPLATE_BYTES = 256 * 1024;

  private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]*)\\.v([1-9][0-9]{0,8})\\.txt");

  private final Map<String, NavigableMap<Integer, PromptTemplate>> templates;

  private PromptRegistry(Map<String, NavigableMap<Integer, PromptTemplate>> templates) {
    this.templates = templates;
  }

  /** Starts an empty registry. */
  public static Builder builder() {
    return new Builder();
  }

  /** The names of the prompts, sorted. */
  public Set<String> names() {
    return templates.keySet();
  }

  /**
   * The versions of prompt {@code name}, in increasing order.
   *
   * @throws IllegalArgumentException if there is no prompt of that name
   */
  public List<Integer> versions(String name) {
    return List.copyOf(versionsOf(name).keySet());
  }

  /**
   * The latest version of prompt {@code name}.
   *
   * @throws IllegalArgumentException if there is no prompt of that name
   */
  public PromptTemplate get(String name) {
    return versionsOf(name).lastEntry().getValue();
  }

  /**
   * Version {@code version} of prompt {@code name}.
   *
   * @throws IllegalArgumentException if there is no such prompt or version
   */
  public PromptTemplate get(String name, int version) {
    PromptTemplate template = versionsOf(name).get(version);
    if (template == null) {
      throw new IllegalArgumentException(
          "prompt " + name + " has no version " + version + " (versions: " + versions(name) + ")");
    }
    return template;
  }

  /**
   * A split between versions of prompt {@code name}, by weight: {@code Map.of(1, 90, 2, 10)} sends a tenth of the
   * keys to version 2.
   *
   * @throws IllegalArgumentException if there is no such prompt or version, or a weight is not {@code > 0}
   */
  public PromptChoice split(String name, Map<Integer, Integer> weightsByVersion) {
    if (weightsByVersion == null || weightsByVersion.isEmpty()) {
      throw new IllegalArgumentException("a split of prompt " + name + " needs at least one version and weight");
    }
    Map<PromptTemplate, Integer> weights = new LinkedHashMap<>();
    weightsByVersion.forEach((version, weight) -> {
      if (version == null) {
        throw new IllegalArgumentException("a split of prompt " + name + " names a null version");
      }
      weights.put(get(name, version), weight);
    });
    return PromptChoice.split(weights);
  }

  private NavigableMap<Integer, PromptTemplate> versionsOf(String name) {
    NavigableMap<Integer, PromptTemplate> versions = name == null ? null : templates.get(name);
    if (versions == null) {
      throw new IllegalArgumentException("no prompt named " + name + " (prompts: " + templates.keySet() + ")");
    }
    return versions;
  }

  @Override
  public String toString() {
    return "PromptRegistry" + templates.keySet();
  }

  /** Where a {@link PromptRegistry}'s templates come from. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> origins = new LinkedHashMap<>(); // template id → where it was defined
    private final Map<String, NavigableMap<Integer, PromptTemplate>> templates = new TreeMap<>();
    private final Map<String, Set<String>> required = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private Builder() {}

    /**
     * Adds every template file in {@code folder} (not in its sub-folders).
     *
     * @throws IllegalArgumentException if {@code folder} is null or not a folder
     */
    public Builder folder(Path folder) {
      if (folder == null || !Files.isDirectory(folder)) {
        throw new IllegalArgumentException("prompt folder not found: " + folder);
      }
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(Files::isRegularFile).sorted().forEach(file -> addFile(file, "file " + file));
      } catch (IOException e) {
        throw new NonRetriableException("cannot list prompt folder " + folder, e);
      }
      return this;
    }

    /**
     * Adds every template file in the class-path directory {@code directory} (e.g. {@code com/acme/prompts}), in
     * a folder or a jar, through the thread's context class loader, or this library's when there is none; several
     * class-path entries may hold the directory.
     *
     * @throws IllegalArgumentException if no class-path entry holds the directory
     */
    public Builder classpath(String directory) {
      if (directory == null || directory.isBlank()) {
        throw new IllegalArgumentException("class-path directory must not be null or blank");
      }
      String name = directory.replaceAll("^/+|/+$", "");
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = PromptRegistry.class.getClassLoader();
      }
      int found = 0;
      try {
        Enumeration<URL> urls = loader.getResources(name);
        while (urls.hasMoreElements()) {
          addDirectory(urls.nextElement().toURI(), name);
          found++;
        }
      } catch (IOException | URISyntaxException e) {
        throw new NonRetriableException("cannot read prompt directory " + name + " from the class path", e);
      }
      if (found == 0) {
        throw new IllegalArgumentException("no class-path entry holds the prompt directory " + name);
      }
      return this;
    }

    /**
     * Adds a template built in code.
     *
     * @throws IllegalArgumentException if it is null
     */
    public Builder template(PromptTemplate template) {
      if (template == null) {
        throw new IllegalArgumentException("prompt template must not be null");
      }
      add(template, "code");
      return this;
    }

    /**
     * Requires prompt {@code name} to exist and every version of it to use exactly {@code variables}: the ones the
     * code that renders it fills in.
     *
     * @throws IllegalArgumentException if the name is blank or a variable null
     */
    public Builder require(String name, String... variables) {
      if (name == null || name.isBlank() || variables == null) {
        throw new IllegalArgumentException("a required prompt needs a name and its variables");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String variable : variables) {
        if (variable == null) {
          throw new IllegalArgumentException("the variables of required prompt " + name + " must not be null");
        }
        names.add(variable);
      }
      required.put(name, names);
      return this;
    }

    /**
     * The registry.
     *
     * @throws IllegalArgumentException listing every problem found: files that are misnamed, unreadable, too
     *     large, not UTF-8 or not valid templates; versions defined twice; required prompts missing or using other
     *     variables
     */
    public PromptRegistry build() {
      List<String> all = new ArrayList<>(problems);
      required.forEach((name, variables) -> {
        NavigableMap<Integer, PromptTemplate> versions = templates.get(name);
        if (versions == null) {
          all.add("the required prompt " + name + " is missing");
          return;
        }
        for (PromptTemplate template : versions.values()) {
          if (!template.variables().equals(variables)) {
            all.add(template.id() + " (" + origins.get(template.id()) + ") uses " + template.variables()
                + " but must use " + variables);
          }
        }
      });
      if (!all.isEmpty()) {
        throw new IllegalArgumentException("the prompt registry has " + all.size() + " problem"
            + (all.size() == 1 ? "" : "s") + ": " + String.join("; ", all));
      }
      Map<String, NavigableMap<Integer, PromptTemplate>> frozen = new TreeMap<>();
      templates.forEach((name, versions) -> frozen.put(name, Collections.unmodifiableNavigableMap(
          new TreeMap<>(versions))));
      return new PromptRegistry(Collections.unmodifiableMap(frozen));
    }

    private void addDirectory(URI uri, String name) throws IOException {
      if ("jar".equals(uri.getScheme())) {
        FileSystem jar;
        boolean opened = false;
        try {
          jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          jar = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        }
        try {
          addEntries(jar.getPath(name), uri.toString());
        } finally {
          if (opened) {
            jar.close();
          }
        }
      } else {
        addEntries(Path.of(uri), uri.toString());
      }
    }

    private void addEntries(Path directory, String where) throws IOException {
      try (Stream<Path> entries = Files.list(directory)) {
        entries.filter(Files::isRegularFile).sorted()
            .forEach(entry -> addFile(entry, "resource " + where + "/" + entry.getFileName()));
      }
    }

    private void addFile(Path file, String origin) {
      String fileName = file.getFileName().toString();
      Matcher m = FILE_NAME.matcher(fileName);
      if (!m.matches()) {
        problems.add(origin + " is not named <name>.v<version>.txt");
        return;
      }
      String text;
      try {
        long size = Files.size(file);
        if (size > MAX_TEMPLATE_BYTES) {
          problems.add(origin + " holds " + size + " bytes, more than " + MAX_TEMPLATE_BYTES);
          return;
        }
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(readAll(file)))
            .toString();
      } catch (CharacterCodingException e) {
        problems.add(origin + " is not UTF-8");
        return;
      } catch (IOException e) {
        problems.add(origin + " cannot be read: " + e.getMessage());
        return;
      }
      String name = m.group(1);
      int version = Integer.parseInt(m.group(2));
      try {
        TemplateText parsed = TemplateText.parse(text, name + ".v" + version);
        add(PromptTemplate.builder(name, version).text(text).variables(parsed.placeholders()).build(), origin);
      } catch (IllegalArgumentException e) {
        problems.add(origin + ": " + e.getMessage());
      }
    }

    private static byte[] readAll(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes(MAX_TEMPLATE_BYTES + 1);
      }
    }

    private void add(PromptTemplate template, String origin) {
      String earlier = origins.putIfAbsent(template.id(), origin);
      if (earlier != null) {
        problems.add(template.id() + " is defined twice: by " + earlier + " and by " + origin);
        return;
      }
      templates.computeIfAbsent(template.name(), n -> new TreeMap<>()).put(template.version(), template);
    }
  }
}
