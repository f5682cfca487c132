/**
 * Composable guards over text: redaction of secrets and personal data, detection of prompt injection.
 *
 * <p>A {@link dev.quarry.guardrails.TextGuard} checks one text and returns a
 * {@link dev.quarry.guardrails.GuardResult}: allow it, use a transformed copy, or block it with a reason.
 * {@link dev.quarry.guardrails.Redactor} replaces e-mail addresses, phone numbers, card numbers, API keys and
 * IBANs with placeholders; {@link dev.quarry.guardrails.InjectionGuard} blocks what an
 * {@link dev.quarry.guardrails.InjectionDetector} takes for a prompt injection. Chain them with
 * {@link dev.quarry.guardrails.TextGuard#chain}:
 *
 * <pre>{@code
 * TextGuard retrieved = TextGuard.chain(InjectionGuard.of(InjectionDetector.builder().build()),
 *     Redactor.builder().build());
 * }</pre>
 *
 * <p>Findings name a category and a span, never the matched text, so results can be logged. Every guard here is
 * immutable, thread-safe and linear in the length of its input.
 */
package dev.quarry.guardrails;
