package dev.quarry.guardrails;

/** A span of text that a redaction rule matched, with its category. Package-private value. */
record Span(Redactor.Category category, int start, int end) {}
