/**
 * Quarry's contracts: documents and chunks, models, stores, retrievers, chat messages and the exception tree.
 *
 * <p>Sub-packages group the contracts by stage of the data path. Everything here depends on the JDK only, so
 * an application or an adapter can compile against the API without pulling any implementation.
 */
package dev.quarry.api;
