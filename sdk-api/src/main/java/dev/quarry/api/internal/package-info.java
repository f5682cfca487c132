/** Helpers shared by the API records. Not exported; not part of the public API. */
package dev.quarry.api.internal;
