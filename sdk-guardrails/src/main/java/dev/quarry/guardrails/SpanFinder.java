package dev.quarry.guardrails;

import java.util.List;

/**
 * Finds the spans of one shape of sensitive data (e-mail addresses, card numbers, one kind of API key). Each
 * implementation runs in time linear in the text: bounded quantifiers, no nested unbounded repetition.
 */
interface SpanFinder {
  /** Adds the spans found in {@code text} to {@code out}. */
  void find(String text, List<Span> out);
}
