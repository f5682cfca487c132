/** Documents, chunks and their metadata: the values that flow through ingestion. */
package dev.quarry.api.document;
