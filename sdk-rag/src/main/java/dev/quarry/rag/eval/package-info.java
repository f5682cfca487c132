/**
 * Retrieval evaluation: BEIR-format test collections ({@link dev.quarry.rag.eval.BeirDataset}) and the standard
 * ranking metrics over any {@link dev.quarry.api.retrieval.Retriever} ({@link
 * dev.quarry.rag.eval.RetrievalEvaluator}).
 */
package dev.quarry.rag.eval;
