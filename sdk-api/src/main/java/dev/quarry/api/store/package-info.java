/** Vector stores: records, search requests and hits, and the metadata filter tree. */
package dev.quarry.api.store;
