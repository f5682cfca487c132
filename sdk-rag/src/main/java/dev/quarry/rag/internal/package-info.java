/** Helpers shared by sdk-rag's packages. Internal, not API: may change without notice. */
package dev.quarry.rag.internal;
