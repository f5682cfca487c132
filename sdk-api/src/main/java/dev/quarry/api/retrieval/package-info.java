/** The retriever contract and its query. */
package dev.quarry.api.retrieval;
