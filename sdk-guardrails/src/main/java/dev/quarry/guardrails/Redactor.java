package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replaces personal data and secrets in a text with placeholders: e-mail addresses, phone numbers, payment card
 * numbers, API keys and other credentials, IBANs. Use it on a model's output, on text before it is logged or
 * indexed, or in a {@link TextGuard#chain chain}:
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder().build();   // every category
 * redactor.redact("mail jane@example.org, card 4111 1111 1111 1111");
 * // "mail [EMAIL], card [CARD]"
 * }</pre>
 *
 * <p>Each category is a set of shapes checked beyond the pattern where a check exists: card numbers must pass
 * the Luhn check, IBANs the mod-97 check; phone numbers must have a layout phones use (international, North
 * American, or national with a trunk 0), or follow a cue word such as {@code tel} or {@code phone}, so years,
 * dates, decimals, p-values, DOIs, ISBNs and version numbers are left alone. What is not found is not redacted:
 * names, street addresses, and secrets without a known shape (a bare random password) pass through.
 *
 * <p>Where spans of two categories overlap, credentials win over e-mail addresses, IBANs, card numbers and phone
 * numbers, in this order. Every shape is matched with bounded repetition, so time is linear in the text even on
 * hostile input. Immutable and thread-safe; share one instance.
 */
public final class Redactor implements TextGuard {
  /** The name of this guard in its {@link Finding}s. */
  public static final String NAME = "redactor";
  /** The default replacement: the category's {@link Category#label() label} in brackets, {@code [EMAIL]}. */
  public static final String DEFAULT_REPLACEMENT_FORMAT = "[%s]";

  /** What a redactor looks for. */
  public enum Category {
    /** E-mail addresses, {@code jane.doe+news@example.co.uk}. */
    EMAIL("EMAIL"),
    /** Phone numbers in international, North American or national layouts, or after a cue word. */
    PHONE("PHONE"),
    /** Payment card numbers: 13 to 19 digits, grouped as cards are, Luhn-valid. */
    CARD("CARD"),
    /**
     * API keys and credentials: AWS, GitHub, OpenAI-style {@code sk-}, Slack, Google, Stripe, JWTs, PEM private
     * keys, {@code Bearer} tokens, values assigned to {@code api_key}, {@code password} and the like.
     */
    API_KEY("SECRET"),
    /** International bank account numbers that pass the mod-97 check. */
    IBAN("IBAN");

    private final String label;

    Category(String label) {
      this.label = label;
    }

    /** The word in the default replacement: {@code EMAIL}, {@code PHONE}, {@code CARD}, {@code SECRET}, ... */
    public String label() {
      return label;
    }
  }

  /** Order of precedence where spans overlap. */
  private static final List<Category> PRECEDENCE =
      List.of(Category.API_KEY, Category.EMAIL, Category.IBAN, Category.CARD, Category.PHONE);

  private final Set<Category> categories;
  private final Map<Category, String> replacements;
  private final Map<Category, List<SpanFinder>> finders;

  private Redactor(Builder b) {
    this.categories = Collections.unmodifiableSet(EnumSet.copyOf(b.categories));
    Map<Category, String> r = new EnumMap<>(Category.class);
    Map<Category, List<SpanFinder>> f = new EnumMap<>(Category.class);
    for (Category c : categories) {
      r.put(c, b.replacements.getOrDefault(c, b.format.replace("%s", c.label())));
      f.put(c, RedactionRules.finders(c));
    }
    this.replacements = Collections.unmodifiableMap(r);
    this.finders = Collections.unmodifiableMap(f);
  }

  /** A builder with every category on and the {@link #DEFAULT_REPLACEMENT_FORMAT default replacements}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@link GuardResult.Allow} if nothing was found, else {@link GuardResult.Transform} with the redacted text and
   * one finding per replaced span (offsets into {@code text}).
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  @Override
  public GuardResult check(String text) {
    List<Finding> findings = find(text);
    return findings.isEmpty() ? new GuardResult.Allow() : new GuardResult.Transform(replace(text, findings),
        findings);
  }

  /**
   * The spans that {@link #redact} would replace, in text order, without overlaps.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public List<Finding> find(String text) {
    Checks.requireNonNull(text, "text");
    List<Span> candidates = new ArrayList<>();
    for (Category c : PRECEDENCE) {
      if (categories.contains(c)) {
        for (SpanFinder finder : finders.get(c)) {
          finder.find(text, candidates);
        }
      }
    }
    return resolve(candidates);
  }

  /**
   * {@code text} with every span found replaced; {@code text} itself if nothing was found.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public String redact(String text) {
    List<Finding> findings = find(text);
    return findings.isEmpty() ? text : replace(text, findings);
  }

  /** The categories this redactor looks for. */
  public Set<Category> categories() {
    return categories;
  }

  /** Keeps the spans of higher precedence (then earlier, then longer) that overlap nothing kept before. */
  private static List<Finding> resolve(List<Span> candidates) {
    candidates.sort(Comparator.comparingInt((Span s) -> PRECEDENCE.indexOf(s.category()))
        .thenComparingInt(Span::start).thenComparingInt(s -> s.start() - s.end()));
    TreeMap<Integer, Span> kept = new TreeMap<>();
    for (Span s : candidates) {
      Map.Entry<Integer, Span> before = kept.floorEntry(s.start());
      Map.Entry<Integer, Span> after = kept.ceilingEntry(s.start());
      boolean overlaps = before != null && before.getValue().end() > s.start()
          || after != null && after.getKey() < s.end();
      if (!overlaps) {
        kept.put(s.start(), s);
      }
    }
    List<Finding> findings = new ArrayList<>(kept.size());
    for (Span s : kept.values()) {
      findings.add(new Finding(NAME, s.category().name(), s.start(), s.end()));
    }
    return findings;
  }

  private String replace(String text, List<Finding> findings) {
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start()).append(replacements.get(Category.valueOf(f.category())));
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /** Configures a {@link Redactor}; not thread-safe. */
  public static final class Builder {
    private Set<Category> categories = EnumSet.allOf(Category.class);
    private String format = DEFAULT_REPLACEMENT_FORMAT;
    private final Map<Category, String> replacements = new EnumMap<>(Category.class);

    private Builder() {}

    /**
     * The categories to look for, replacing the current choice; all of them by default.
     *
     * @throws IllegalArgumentException if {@code categories} is null, empty or holds null
     */
    public Builder categories(Category... categories) {
      Checks.requireNonNull(categories, "categories");
      if (categories.length == 0) {
        throw new IllegalArgumentException("categories must not be empty");
      }
      this.categories = EnumSet.copyOf(Checks.copyOf(Arrays.asList(categories), "categories"));
      return this;
    }

    /**
     * How a category's placeholder is written: {@code %s} stands for the category's {@link Category#label()
     * label}; {@value Redactor#DEFAULT_REPLACEMENT_FORMAT} by default. Use {@code "<%s>"} for {@code <EMAIL>},
     * or a format without {@code %s}, such as {@code "***"}, for one placeholder for everything.
     *
     * @throws IllegalArgumentException if {@code format} is null
     */
    public Builder replacementFormat(String format) {
      this.format = Checks.requireNonNull(format, "format");
      return this;
    }

    /**
     * The exact replacement of one category, taking precedence over {@link #replacementFormat}.
     *
     * @throws IllegalArgumentException if {@code category} or {@code replacement} is null
     */
    public Builder replacement(Category category, String replacement) {
      Checks.requireNonNull(category, "category");
      replacements.put(category, Checks.requireNonNull(replacement, "replacement"));
      return this;
    }

    /** Builds the redactor. */
    public Redactor build() {
      return new Redactor(this);
    }
  }
}
