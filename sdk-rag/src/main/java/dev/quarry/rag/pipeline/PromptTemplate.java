package dev.quarry.rag.pipeline;

import dev.quarry.api.NonRetriableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, versioned chat prompt with {@code {{name}}} placeholders, so that a change of wording is a new version
 * that answers can be traced to ({@link Answer#prompts()}).
 *
 * <pre>{@code
 * PromptTemplate prompt = PromptTemplate.builder("support-answer", 2)
 *     .file(Path.of("prompts/support-answer.v2.txt"))
 *     .variables("context", "question")
 *     .build();
 * }</pre>
 *
 * <p>The text holds an optional system message and a user message, each starting at a line that reads {@code
 * [system]} or {@code [user]}; text without such lines is all user message. Files are UTF-8 and, by convention,
 * named {@code <name>.v<version>.txt}: a file named that way must match the builder's name and version. Quarry's
 * own templates live under {@value #BUNDLED_DIRECTORY} ({@link Builder#bundled()}).
 *
 * <p>The variables are declared, and checked when the template is built: a placeholder that is not declared, or
 * a declared variable that no placeholder uses, is an error, so a typo fails at start-up rather than in a prompt.
 * Rendering needs a value for every variable and no others, and replaces placeholders in one pass: a value that
 * itself contains {@code {{x}}} is left as it is.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptTemplate {
  /** The classpath folder of the templates that ship with Quarry. */
  public static final String BUNDLED_DIRECTORY = "dev/quarry/rag/pipeline/prompts/";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern FILE_NAME = Pattern.compile("(.+)\\.v(\\d+)\\.txt");

  private final String name;
  private final int version;
  private final TemplateText text;
  private final Set<String> variables;

  private PromptTemplate(String name, int version, TemplateText text, Set<String> variables) {
    this.name = name;
    this.version = version;
    this.text = text;
    this.variables = variables;
  }

  /**
   * Starts a template; {@code name} is letters, digits, {@code -} and {@code _}, {@code version} is {@code >= 1}.
   */
  public static Builder builder(String name, int version) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "prompt template name must be letters, digits, '-' and '_', starting with a letter or digit, was '"
              + name + "'");
    }
    if (version < 1) {
      throw new IllegalArgumentException("prompt template version must be >= 1, was " + version);
    }
    return new Builder(name, version);
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  /** {@code name.vVERSION}, e.g. {@code rag-answer.v1}: how answers and logs refer to this template. */
  public String id() {
    return name + ".v" + version;
  }

  /** The declared variables, in order of first use. */
  public Set<String> variables() {
    return variables;
  }

  /**
   * The messages with every variable replaced by its value.
   *
   * @throws IllegalArgumentException if a variable has no value (or a null one), or a value is given for a name
   *     that is not a variable
   */
  public RenderedPrompt render(Map<String, String> values) {
    if (values == null) {
      throw new IllegalArgumentException("values must not be null");
    }
    Set<String> missing = new TreeSet<>();
    for (String variable : variables) {
      if (values.get(variable) == null) {
        missing.add(variable);
      }
    }
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(variables);
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "prompt template " + id() + (missing.isEmpty() ? "" : " needs values for " + missing)
              + (!missing.isEmpty() && !unknown.isEmpty() ? " and" : "")
              + (unknown.isEmpty() ? "" : " has no variables " + unknown) + " (variables: " + variables + ")");
    }
    return new RenderedPrompt(TemplateText.fill(text.system(), values), TemplateText.fill(text.user(), values));
  }

  @Override
  public String toString() {
    return "PromptTemplate[" + id() + ", variables=" + variables + "]";
  }

  /** Collects the text and variables of a {@link PromptTemplate}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final String name;
    private final int version;
    private String text;
    private String origin;
    private Set<String> variables;

    private Builder(String name, int version) {
      this.name = name;
      this.version = version;
    }

    /** The template text itself. */
    public Builder text(String text) {
      if (text == null) {
        throw new IllegalArgumentException("prompt template text must not be null");
      }
      return source(text, "text");
    }

    /**
     * Reads the text from a classpath resource, e.g. {@code com/acme/prompts/support-answer.v2.txt}, through the
     * thread's context class loader, or this library's when there is none.
     */
    public Builder resource(String path) {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("resource path must not be null or blank");
      }
      String resource = path.startsWith("/") ? path.substring(1) : path;
      checkFileName(fileName(resource));
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
      if (in == null) {
        in = PromptTemplate.class.getClassLoader().getResourceAsStream(resource);
      }
      if (in == null) {
        throw new IllegalArgumentException("prompt template resource not found on the classpath: " + resource);
      }
      try (InputStream stream = in) {
        return source(new String(stream.readAllBytes(), StandardCharsets.UTF_8), "resource " + resource);
      } catch (IOException e) {
        throw new NonRetriableException("cannot read prompt template resource " + resource, e);
      }
    }

    /** Reads the text from a UTF-8 file. */
    public Builder file(Path file) {
      if (file == null) {
        throw new IllegalArgumentException("prompt template file must not be null");
      }
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("prompt template file not found: " + file);
      }
      checkFileName(file.getFileName().toString());
      try {
        return source(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
      } catch (IOException e) {
        throw new NonRetriableException("cannot read prompt template file " + file, e);
      }
    }

    /** Reads Quarry's own template of this name and version from {@value #BUNDLED_DIRECTORY}. */
    public Builder bundled() {
      return resource(BUNDLED_DIRECTORY + name + ".v" + version + ".txt");
    }

    /** The variables the text uses, each a placeholder {@code {{name}}} in it. */
    public Builder variables(String... variables) {
      if (variables == null) {
        throw new IllegalArgumentException("variables must not be null");
      }
      return variables(List.of(variables));
    }

    /** The variables the text uses, each a placeholder {@code {{name}}} in it. */
    public Builder variables(Collection<String> variables) {
      if (variables == null) {
        throw new IllegalArgumentException("variables must not be null");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String variable : variables) {
        if (variable == null || !TemplateText.PLACEHOLDER.matcher("{{" + variable + "}}").matches()) {
          throw new IllegalArgumentException(
              "variable names are a letter or '_' then letters, digits or '_', was '" + variable + "'");
        }
        if (!names.add(variable)) {
          throw new IllegalArgumentException("variable '" + variable + "' is declared twice");
        }
      }
      this.variables = names;
      return this;
    }

    /**
     * The template.
     *
     * @throws IllegalArgumentException if no text or variables were given, the sections are malformed, or the
     *     placeholders and the declared variables differ
     */
    public PromptTemplate build() {
      String id = name + ".v" + version;
      if (text == null) {
        throw new IllegalArgumentException(
            "prompt template " + id + " has no text: give text(...), resource(...), file(...) or bundled()");
      }
      if (variables == null) {
        throw new IllegalArgumentException(
            "prompt template " + id + " must declare its variables with variables(...), even if there are none");
      }
      TemplateText parsed = TemplateText.parse(text, id);
      Set<String> used = parsed.placeholders();
      Set<String> undeclared = new TreeSet<>(used);
      undeclared.removeAll(variables);
      Set<String> unused = new TreeSet<>(variables);
      unused.removeAll(used);
      if (!undeclared.isEmpty() || !unused.isEmpty()) {
        throw new IllegalArgumentException(
            "prompt template " + id + " (from " + origin + ") does not match its declared variables " + variables
                + (undeclared.isEmpty() ? "" : ": placeholders " + braces(undeclared) + " are not declared")
                + (unused.isEmpty() ? "" : ": declared " + unused + " never appear as {{name}}"));
      }
      Set<String> ordered = new LinkedHashSet<>(used);
      return new PromptTemplate(name, version, parsed, Collections.unmodifiableSet(ordered));
    }

    private Builder source(String text, String origin) {
      if (this.text != null) {
        throw new IllegalArgumentException(
            "prompt template " + name + ".v" + version + " already has its text from " + this.origin);
      }
      this.text = text;
      this.origin = origin;
      return this;
    }

    /** A file named {@code <name>.v<version>.txt} must be this template's name and version. */
    private void checkFileName(String fileName) {
      Matcher m = FILE_NAME.matcher(fileName);
      if (m.matches() && !(m.group(1).equals(name) && m.group(2).equals(Integer.toString(version)))) {
        throw new IllegalArgumentException(
            "file " + fileName + " holds template " + m.group(1) + ".v" + m.group(2) + ", not " + name + ".v"
                + version);
      }
    }

    private static String fileName(String resource) {
      return resource.substring(resource.lastIndexOf('/') + 1);
    }

    private static String braces(Set<String> names) {
      return names.stream().map(n -> "{{" + n + "}}").toList().toString();
    }
  }
}
