package dev.quarry.guardrails;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Rules indexed for matching: word rules by their trigger words, markup rules by their anchor characters.
 * Matching a text costs one pass over its words (a hash lookup each, then the bounded rules that word triggers)
 * and one pass over its chars (the bounded markup rules anchored on that char): linear in the text. Immutable and
 * thread-safe; matchers are made per call.
 */
final class RuleSet {
  private static final int LONGEST_TRIGGER = 24;

  private final Map<String, List<Rule>> byTrigger = new HashMap<>();
  private final List<Rule> markupRules = new ArrayList<>();
  private final List<List<Rule>> byAnchor = new ArrayList<>(Collections.nCopies(128, List.of()));
  private final int size;

  RuleSet(List<Rule> rules) {
    for (Rule rule : rules) {
      if (rule.isWordRule()) {
        for (String trigger : rule.triggers()) {
          if (trigger.length() > LONGEST_TRIGGER) {
            throw new IllegalArgumentException("trigger too long: " + trigger);
          }
          byTrigger.computeIfAbsent(trigger, t -> new ArrayList<>()).add(rule);
        }
      } else {
        markupRules.add(rule);
        for (char c : rule.anchors().toCharArray()) {
          List<Rule> list = new ArrayList<>(byAnchor.get(c));
          list.add(rule);
          byAnchor.set(c, List.copyOf(list));
        }
      }
    }
    byTrigger.replaceAll((t, list) -> List.copyOf(list));

    size = rules.size();
  }

  int size() {
    return size;
  }

  /** Adds to {@code hits} the matches of every rule in {@code folded} and its {@code words}. */
  void match(FoldedText folded, WordText words, RuleHits hits) {
    String w = words.text();
    Map<Rule, Matcher> matchers = new IdentityHashMap<>();
    int i = 0;
    while (i < w.length()) {
      if (!WordText.isWordChar(w.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < w.length() && WordText.isWordChar(w.charAt(i))) {
        i++;
      }
      List<Rule> rules = i - start > LONGEST_TRIGGER ? null : byTrigger.get(w.substring(start, i));
      if (rules == null) {
        continue;
      }
      for (Rule rule : rules) {
        if (hits.has(rule.name(), rule.weight()) || rule.sentenceStart() && !words.startsSentence(start)) {
          continue;
        }
        Matcher m = matchers.computeIfAbsent(rule, r -> r.pattern().matcher(w).useTransparentBounds(true)
            .useAnchoringBounds(false));
        m.region(start, Math.min(w.length(), start + Rule.WINDOW));
        if (m.lookingAt() && m.end() > start) {
          hits.add(rule.name(), rule.weight(), words.originalStart(start), words.originalEnd(m.end() - 1));
        }
      }
    }
    String f = folded.text();
    markupAt(0, markupRules, f, folded, matchers, hits);
    for (int k = 0; k < f.length(); k++) {
      char c = f.charAt(k);
      if (c < 128 && !byAnchor.get(c).isEmpty()) {
        markupAt(k, byAnchor.get(c), f, folded, matchers, hits);
      }
    }
  }

  private static void markupAt(int at, List<Rule> rules, String f, FoldedText folded, Map<Rule, Matcher> matchers,
      RuleHits hits) {
    for (Rule rule : rules) {
      if (hits.has(rule.name(), rule.weight())) {
        continue;
      }
      Matcher m = matchers.computeIfAbsent(rule, r -> r.pattern().matcher(f).useTransparentBounds(true)
          .useAnchoringBounds(false));
      m.region(at, Math.min(f.length(), at + Rule.MARKUP_WINDOW));
      if (m.lookingAt() && m.end() > at) {
        hits.add(rule.name(), rule.weight(), folded.originalStart(at), folded.originalEnd(m.end() - 1));
      }
    }
  }
}
