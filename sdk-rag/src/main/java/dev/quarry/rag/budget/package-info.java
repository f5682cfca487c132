/**
 * Context budgeting: fit retrieved chunks into a model's context window. {@link
 * dev.quarry.rag.budget.ContextBudget} reserves tokens for the answer and the rest of the prompt, merges and
 * de-duplicates chunks, optionally diversifies (MMR) and reorders them (long-context order), cuts the last
 * passage at a sentence boundary, renders the numbered passages and reports the fate of every hit.
 */
package dev.quarry.rag.budget;
