/** Micrometer observations of Quarry's model calls, store operations and pipelines; token cost. */
package dev.quarry.observation;
