package dev.quarry.rag.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which prompt template an answer uses: always one, or a weighted split between templates (an A/B test of two
 * wordings). The split is sticky: one key (a conversation's memory id, else the question) always gets the same
 * template, so a user sees one wording and a question can be replayed; across many keys each template gets its
 * share. Whichever is chosen, the answer names it in {@link Answer#prompts()} and its observation in {@code
 * quarry.prompts}.
 *
 * <pre>{@code
 * PromptChoice answer = PromptChoice.split(Map.of(registry.get("support-answer", 1), 90,
 *     registry.get("support-answer", 2), 10));
 * Rag rag = Rag.builder(retriever).answerMode(AnswerMode.chat(model).withPrompt(answer)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptChoice {
  private final List<PromptTemplate> templates;
  private final long[] upTo; // upTo[i]: the sum of the weights of templates 0..i
  private final Map<String, Integer> weights;

  private PromptChoice(List<PromptTemplate> templates, List<Integer> weights) {
    this.templates = List.copyOf(templates);
    this.upTo = new long[weights.size()];
    long sum = 0;
    Map<String, Integer> byId = new LinkedHashMap<>();
    for (int i = 0; i < weights.size(); i++) {
      sum += weights.get(i);
      upTo[i] = sum;
      byId.put(templates.get(i).id(), weights.get(i));
    }
    this.weights = Map.copyOf(byId);
  }

  /** Always {@code template}. */
  public static PromptChoice of(PromptTemplate template) {
    if (template == null) {
      throw new IllegalArgumentException("prompt template must not be null");
    }
    return new PromptChoice(List.of(template), List.of(1));
  }

  /**
   * A split between templates by weight (e.g. 90 and 10): each key goes to one template, each template's share of
   * keys its weight over the sum. The templates need not share a name, but must use the same variables, since
   * they fill one slot.
   *
   * @throws IllegalArgumentException if the map is null or empty, a weight is not {@code > 0}, or two templates
   *     use different variables
   */
  public static PromptChoice split(Map<PromptTemplate, Integer> weights) {
    if (weights == null || weights.isEmpty()) {
      throw new IllegalArgumentException("a prompt split needs at least one template with its weight");
    }
    List<PromptTemplate> templates = new ArrayList<>(weights.keySet());
    Set<String> ids = new java.util.HashSet<>();
    for (PromptTemplate template : templates) {
      if (template == null) {
        throw new IllegalArgumentException("a prompt split must not hold a null template");
      }
      if (!ids.add(template.id())) {
        throw new IllegalArgumentException("a prompt split holds two templates with the id " + template.id());
      }
    }
    templates.sort((a, b) -> a.id().compareTo(b.id())); // one order whatever the map's, so a key stays put
    List<Integer> shares = new ArrayList<>();
    Set<String> variables = null;
    for (PromptTemplate template : templates) {
      Integer weight = weights.get(template);
      if (weight == null || weight <= 0) {
        throw new IllegalArgumentException("the weight of " + template.id() + " must be > 0, was " + weight);
      }
      if (variables != null && !variables.equals(template.variables())) {
        throw new IllegalArgumentException("the templates of a split must use the same variables: "
            + templates.get(0).id() + " uses " + variables + ", " + template.id() + " uses " + template.variables());
      }
      variables = template.variables();
      shares.add(weight);
    }
    return new PromptChoice(templates, shares);
  }

  /**
   * The template for {@code key}: the same one every time for the same key.
   *
   * @throws IllegalArgumentException if {@code key} is null
   */
  public PromptTemplate pick(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (templates.size() == 1) {
      return templates.get(0);
    }
    long point = Long.remainderUnsigned(hash(key), upTo[upTo.length - 1]);
    int i = 0;
    while (point >= upTo[i]) {
      i++;
    }
    return templates.get(i);
  }

  /** The templates it chooses from, by id. */
  public List<PromptTemplate> templates() {
    return templates;
  }

  /** The variables every template uses. */
  public Set<String> variables() {
    return templates.get(0).variables();
  }

  private static long hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return templates.size() == 1 ? "PromptChoice[" + templates.get(0).id() + "]"
        : templates.stream().map(t -> t.id() + "=" + weights.get(t.id()))
            .collect(Collectors.joining(", ", "PromptChoice[split: ", "]"));
  }
}
