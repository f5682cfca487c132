/** The embedding model contract. */
package dev.quarry.api.embedding;
