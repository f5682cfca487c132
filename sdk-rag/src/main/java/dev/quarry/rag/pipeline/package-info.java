/**
 * The RAG answer pipeline: {@link dev.quarry.rag.pipeline.Rag} retrieves, packs the hits into a {@link
 * dev.quarry.rag.budget.ContextBudget}, and answers with a chat model (in one or two stages) or, without one,
 * extractively, returning an {@link dev.quarry.rag.pipeline.Answer} with resolved citations, usage and timings.
 * Prompts are versioned {@link dev.quarry.rag.pipeline.PromptTemplate}s whose variables are checked when built.
 */
package dev.quarry.rag.pipeline;
